"""One namespace for the programmes context; each part keeps its URLs in its own module."""

from django.urls import include, path

from . import urls_catalogue, urls_findings, urls_reports, urls_welfare

app_name = "programs"

urlpatterns = [
    path("program/", include(urls_catalogue.urlpatterns + urls_welfare.urlpatterns + urls_findings.urlpatterns
                             + urls_reports.urlpatterns)),
]
