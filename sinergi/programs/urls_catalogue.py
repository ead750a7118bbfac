"""URLs of the programmes' catalogue pages, spliced into the one `programs` namespace by urls.py."""

from django.urls import path

from . import views_catalogue as views

urlpatterns: list = [
    path("", views.program_list, name="list"),
    path("katalog/<slug:code>/", views.program_detail, name="detail"),
    path("katalog/<slug:code>/tahap-baru/", views.cycle_create, name="cycle_create"),
    path("tahap/<int:pk>/", views.cycle_detail, name="cycle"),
    path("tahap/<int:pk>/kemajuan/<slug:job>/", views.cycle_progress, name="cycle_progress"),
    path("tahap/<int:pk>/batal/<slug:job>/", views.cycle_cancel, name="cycle_cancel"),
    path("tahap/<int:pk>/bekukan/", views.cycle_freeze, name="cycle_freeze"),
    path("tahap/<int:pk>/tutup/", views.cycle_close, name="cycle_close"),
    path("tahap/<int:pk>/tambah/", views.cycle_add, name="cycle_add"),
    path("tahap/<int:pk>/impor/", views.cycle_import, name="cycle_import"),
    path("tahap/<int:pk>/kelayakan/", views.cycle_enrol_eligible, name="cycle_enrol_eligible"),
    path("tahap/<int:pk>/keluarkan/", views.cycle_remove, name="cycle_remove"),
    path("tahap/<int:pk>/rencana-salur/", views.cycle_plan, name="cycle_plan"),
    path("tahap/<int:pk>/tersalur/", views.cycle_disburse, name="cycle_disburse"),
    path("penyaluran/<int:pk>/kembali/", views.distribution_return, name="distribution_return"),
    path("penerima/keluarga/<int:pk>/", views.household_enrol, name="household_enrol"),
]
