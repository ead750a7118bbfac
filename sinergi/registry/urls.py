from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("cari/", views.search_view, name="search"),
    path("ekspor/", views.export_view, name="export"),
    path("keluarga/<int:pk>/", views.household_detail, name="household"),
    path("keluarga/<int:pk>/buka-kk/", views.reveal_kk, name="reveal_kk"),
    path("keluarga/<int:pk>/ubah/", views.household_edit, name="household_edit"),
    path("keluarga/<int:pk>/tambah-anggota/", views.person_add, name="person_add"),
    path("jiwa/<int:pk>/ubah/", views.person_edit, name="person_edit"),
    path("jiwa/<int:pk>/pindah-kk/", views.person_move, name="person_move"),
    path("jiwa/<int:pk>/buka-nik/", views.reveal_nik, name="reveal_nik"),
    path("perubahan/", views.changes, name="changes"),
    path("perubahan/<int:pk>/", views.change_detail, name="change"),
    path("perubahan/<int:pk>/putuskan/", views.change_decide, name="change_decide"),
]
