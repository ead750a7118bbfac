from django.urls import path

from . import urls_field, urls_meetings, urls_visits, urls_workers, views

app_name = "pillars"
urlpatterns = [
    path("tugas/", views.task_list, name="tasks"),
    path("tugas/<int:pk>/", views.task_detail, name="task"),
    path("tugas/<int:pk>/selesai/", views.task_complete, name="complete"),
    path("tugas/<int:pk>/alihkan/", views.task_reassign, name="reassign"),
    path("pilar/desa/<str:code>/", views.desa_coverage, name="coverage"),
    # Each part of the field work keeps its URLs beside its views.
    *urls_field.urlpatterns,
    *urls_visits.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_workers.urlpatterns,
]
