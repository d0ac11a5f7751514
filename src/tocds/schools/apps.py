from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "tocds.schools"
    label = "schools"
