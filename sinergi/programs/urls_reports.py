"""URLs of the programmes' reports pages, spliced into the one `programs` namespace by urls.py."""

urlpatterns: list = []
