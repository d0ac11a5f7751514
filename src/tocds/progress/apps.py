from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "tocds.progress"
    verbose_name = "Campaign progress"
