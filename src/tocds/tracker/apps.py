from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tocds.tracker"
    label = "tracker"
