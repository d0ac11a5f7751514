from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "tocds.visits"
    label = "visits"
