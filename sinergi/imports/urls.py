from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("impor/", views.batch_list, name="list"),
    path("impor/<int:pk>/", views.batch_detail, name="detail"),
    path("impor/<int:pk>/kemajuan/", views.batch_progress, name="progress"),
    path("impor/<int:pk>/pemetaan/", views.batch_mapping, name="mapping"),
    path("impor/<int:pk>/terapkan/", views.batch_commit, name="commit"),
    path("impor/<int:pk>/batal/", views.batch_cancel, name="cancel"),
    path("impor/<int:pk>/ditolak.xlsx", views.batch_rejected, name="rejected"),
    path("impor/<int:pk>/ekspor/", views.batch_export, name="export"),
]
