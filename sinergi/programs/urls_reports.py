"""URLs of the programmes' reports pages, spliced into the one `programs` namespace by urls.py."""

from django.urls import path

from . import views_reports

urlpatterns: list = [
    path("tumpang-tindih/", views_reports.overlap_matrix, name="overlap"),
    path("tumpang-tindih/unduh/", views_reports.overlap_xlsx, name="overlap_xlsx"),
    path("tumpang-tindih/<slug:program_a>/<slug:program_b>/", views_reports.overlap_pair, name="overlap_pair"),
]
