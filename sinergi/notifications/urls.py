from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("pemberitahuan/", views.notification_list, name="list"),
    path("pemberitahuan/<int:pk>/baca/", views.notification_read, name="read"),
    path("pemberitahuan/baca-semua/", views.notification_read_all, name="read_all"),
]
