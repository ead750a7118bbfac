from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [path("wilayah/<str:code>/", views.area_detail, name="detail")]
