"""URLs of this part of the pillars context; included by sinergi/pillars/urls.py under the same namespace."""

from django.urls import path

from . import views_visits

urlpatterns: list = [
    path("keluarga/<int:pk>/kunjungan/", views_visits.visit_new, name="visit_new"),
    path("kunjungan/<int:pk>/", views_visits.visit_detail, name="visit"),
    path("kunjungan/foto/<int:pk>/", views_visits.visit_photo, name="visit_photo"),
    path("penyerahan/", views_visits.handover_list, name="handovers"),
    path("penyerahan/baru/", views_visits.handover_new, name="handover_new"),
    path("penyerahan/<int:pk>/", views_visits.handover_detail, name="handover"),
    path("penyerahan/<int:pk>/penerima/", views_visits.handover_add, name="handover_add"),
]
