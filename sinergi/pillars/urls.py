from django.urls import path

from . import views

app_name = "pillars"
urlpatterns = [
    path("tugas/", views.task_list, name="tasks"),
    path("tugas/<int:pk>/", views.task_detail, name="task"),
    path("tugas/<int:pk>/selesai/", views.task_complete, name="complete"),
    path("tugas/<int:pk>/alihkan/", views.task_reassign, name="reassign"),
    path("pilar/desa/<str:code>/", views.desa_coverage, name="coverage"),
]
