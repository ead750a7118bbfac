"""URLs of the programmes' findings pages, spliced into the one `programs` namespace by urls.py."""

urlpatterns: list = []
