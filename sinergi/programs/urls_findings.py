"""URLs of the programmes' findings pages, spliced into the one `programs` namespace by urls.py."""

from django.urls import path

from . import views_findings as views

urlpatterns: list = [
    path("temuan/", views.finding_list, name="findings"),
    path("temuan/unduh.xlsx", views.finding_xlsx, name="findings_xlsx"),
    path("temuan/<int:pk>/", views.finding_detail, name="finding"),
    path("temuan/<int:pk>/konfirmasi/", views.finding_confirm, name="finding_confirm"),
    path("temuan/<int:pk>/batalkan/", views.finding_dismiss, name="finding_dismiss"),
    path("temuan/<int:pk>/selesai/", views.finding_resolve, name="finding_resolve"),
    path("temuan/<int:pk>/buka-kembali/", views.finding_reopen, name="finding_reopen"),
    path("temuan/<int:pk>/verifikasi/", views.finding_verify, name="finding_verify"),
    path("temuan/pemeriksaan/", views.check_runs, name="finding_checks"),
    path("temuan/pemeriksaan/jalankan/", views.check_run_start, name="finding_checks_run"),
    path("temuan/pemeriksaan/<int:pk>/kemajuan/", views.check_run_progress, name="finding_checks_progress"),
    path("temuan/pemeriksaan/<int:pk>/batal/", views.check_run_cancel, name="finding_checks_cancel"),
]
