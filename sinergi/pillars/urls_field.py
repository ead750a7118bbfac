"""URLs of this part of the pillars context; included by sinergi/pillars/urls.py under the same namespace."""

from django.urls import path

from . import views_field

urlpatterns = [
    path("tugas/<int:pk>/verifikasi/", views_field.verify, name="verify"),
    path("tugas/putaran-verifikasi/", views_field.verification_round, name="verification_round"),
]
