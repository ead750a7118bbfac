from django.urls import path

from . import views, views_grievances, views_public, views_report

app_name = "referrals"

urlpatterns = [
    # The SLRT desk
    path("slrt/", views.cases, name="cases"),
    path("slrt/baru/", views.intake, name="intake"),
    path("slrt/baru/daftar/", views.register, name="register"),
    path("slrt/<int:pk>/", views.case_detail, name="case"),
    path("slrt/<int:pk>/asesmen/", views.assess, name="assess"),
    path("slrt/<int:pk>/lampiran/", views.attach, name="attach"),
    path("slrt/lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("slrt/<int:pk>/rujuk/", views.refer, name="refer"),
    path("slrt/<int:pk>/tindak-lanjut/", views.follow_up, name="follow_up"),
    path("slrt/<int:pk>/tutup/", views.close, name="close"),
    path("slrt/penyedia/", views.providers, name="providers"),
    path("slrt/laporan/", views_report.monthly_report, name="report"),
    # Referrals, for the desk and the providers
    path("rujukan/", views.referrals, name="referrals"),
    path("rujukan/<int:pk>/", views.referral_detail, name="referral"),
    path("rujukan/<int:pk>/status/", views.referral_transition, name="transition"),
    path("rujukan/<int:pk>/surat.pdf", views.referral_letter, name="letter"),
    # Grievances, for staff
    path("slrt/pengaduan/", views_grievances.grievances, name="grievances"),
    path("slrt/pengaduan/baru/", views_grievances.grievance_new, name="grievance_new"),
    path("slrt/pengaduan/<int:pk>/", views_grievances.grievance_detail, name="grievance"),
    path("slrt/pengaduan/<int:pk>/status/", views_grievances.grievance_transition, name="grievance_transition"),
    path("slrt/pengaduan/<int:pk>/warga/", views_grievances.grievance_link_person, name="grievance_link"),
    path("slrt/pengaduan/<int:pk>/usul-perubahan/", views_grievances.grievance_propose,
         name="grievance_propose"),
    # Public, without login
    path("pengaduan/", views_public.grievance_form, name="public_grievance"),
    path("pengaduan/terkirim/<str:tracking>/", views_public.grievance_sent, name="public_grievance_sent"),
    path("lacak/", views_public.track, name="track"),
]
