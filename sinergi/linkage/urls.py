"""URLs of record linkage under /pencocokan/ (namespace ``linkage``)."""

from django.urls import path

from . import views

app_name = "linkage"

urlpatterns = [
    path("pencocokan/", views.queue, name="queue"),
    path("pencocokan/pasangan/<int:pk>/", views.pair_detail, name="pair"),
    path("pencocokan/pasangan/<int:pk>/terima/", views.pair_accept, name="pair_accept"),
    path("pencocokan/pasangan/<int:pk>/tolak/", views.pair_reject, name="pair_reject"),
    path("pencocokan/proses/", views.runs, name="runs"),
    path("pencocokan/proses/mulai/", views.run_start, name="run_start"),
    path("pencocokan/proses/<int:pk>/kemajuan/", views.run_progress, name="run_progress"),
    path("pencocokan/proses/<int:pk>/batal/", views.run_cancel, name="run_cancel"),
    path("pencocokan/penggabungan/", views.merges, name="merges"),
    path("pencocokan/penggabungan/<int:pk>/", views.merge_detail, name="merge"),
    path("pencocokan/penggabungan/<int:pk>/batalkan/", views.merge_undo, name="unmerge"),
]
