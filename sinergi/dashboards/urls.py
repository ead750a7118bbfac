from django.urls import path

from . import views, views_map

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("peta/", views_map.map_view, name="map"),
]
