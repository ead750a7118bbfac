from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sinergi.api"
    verbose_name = "API"
