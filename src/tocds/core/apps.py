from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tocds.core"
    label = "core"
    verbose_name = "tocds"
