from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "tocds.honours"
    label = "honours"
