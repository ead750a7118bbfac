"""URLs of the programmes' welfare pages, spliced into the one `programs` namespace by urls.py."""

from django.urls import path

from . import views_welfare

urlpatterns: list = [
    path("kesejahteraan/", views_welfare.welfare_page, name="welfare"),
    path("kesejahteraan/kemajuan/", views_welfare.welfare_progress, name="welfare_progress"),
    path("kesejahteraan/hitung-ulang/", views_welfare.welfare_recompute, name="welfare_recompute"),
    path("kesejahteraan/batal/", views_welfare.welfare_cancel, name="welfare_cancel"),
]
