from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from sinergi.api.api import api

admin.site.site_header = "Sinergi"
admin.site.site_title = "Sinergi"

urlpatterns = [
    path("", include("sinergi.dashboards.urls")),
    path("", include("sinergi.accounts.urls")),
    path("", include("sinergi.registry.urls")),
    path("", include("sinergi.imports.urls")),
    path("", include("sinergi.notifications.urls")),
    path("", include("sinergi.pillars.urls")),
    path("", include("sinergi.referrals.urls")),
    path("", include("sinergi.programs.urls")),
    path("", include("sinergi.linkage.urls")),
    path("", include("sinergi.areas.urls")),
    path("", include("sinergi.audit.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
