from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "tocds.home"
    label = "home"
