from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tocds.demo"
    label = "demo"
    verbose_name = "tocds demo data"
