"""URLs of the programmes' catalogue pages, spliced into the one `programs` namespace by urls.py."""

urlpatterns: list = []
