"""URLs of this part of the pillars context; included by sinergi/pillars/urls.py under the same namespace."""

urlpatterns: list = []
