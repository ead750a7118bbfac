from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("cari/", views.search_view, name="search"),
    path("ekspor/", views.export_view, name="export"),
    path("keluarga/<int:pk>/", views.household_detail, name="household"),
    path("keluarga/<int:pk>/buka-kk/", views.reveal_kk, name="reveal_kk"),
    path("jiwa/<int:pk>/buka-nik/", views.reveal_nik, name="reveal_nik"),
]
