from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tocds.api"
    label = "api"
