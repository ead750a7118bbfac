"""URLs of the programmes' welfare pages, spliced into the one `programs` namespace by urls.py."""

urlpatterns: list = []
