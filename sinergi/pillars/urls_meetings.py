"""URLs of this part of the pillars context; included by sinergi/pillars/urls.py under the same namespace."""

from django.urls import path

from . import views_meetings as views

urlpatterns: list = [
    path("pertemuan/", views.meeting_list, name="meetings"),
    path("pertemuan/baru/", views.meeting_new, name="meeting_new"),
    path("pertemuan/laporan-kehadiran/", views.attendance_report, name="attendance_report"),
    path("pertemuan/usulan-dtks.<str:fmt>", views.dtks_proposal, name="dtks_proposal"),
    path("pertemuan/<int:pk>/", views.meeting_detail, name="meeting"),
    path("pertemuan/<int:pk>/berita-acara.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("pertemuan/<int:pk>/notulen/", views.meeting_minutes, name="meeting_minutes"),
    path("pertemuan/<int:pk>/peserta/", views.meeting_participants, name="meeting_participants"),
    path("pertemuan/<int:pk>/hadir/", views.meeting_attendance, name="meeting_attendance"),
    path("pertemuan/<int:pk>/keluarga/", views.meeting_household, name="meeting_household"),
    path("pertemuan/<int:pk>/tindak-lanjut/", views.meeting_action, name="meeting_action"),
    path("pertemuan/tindak-lanjut/<int:pk>/selesai/", views.meeting_action_done, name="meeting_action_done"),
    path("pertemuan/<int:pk>/ajukan/", views.meeting_submit, name="meeting_submit"),
    path("pertemuan/<int:pk>/putuskan/", views.meeting_decide, name="meeting_decide"),
]
