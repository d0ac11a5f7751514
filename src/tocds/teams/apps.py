from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "tocds.teams"
    label = "teams"
