"""URLs of this part of the pillars context; included by sinergi/pillars/urls.py under the same namespace."""

from django.urls import path

from . import views_workers

urlpatterns: list = [
    path("pilar/", views_workers.worker_list, name="workers"),
    path("pilar/baru/", views_workers.worker_new, name="worker_new"),
    path("pilar/cakupan/", views_workers.coverage_gaps, name="coverage_gaps"),
    path("pilar/aktivitas/", views_workers.pillar_activity, name="activity"),
    path("pilar/<int:pk>/", views_workers.worker_detail, name="worker"),
    path("pilar/<int:pk>/ubah/", views_workers.worker_edit, name="worker_edit"),
]
