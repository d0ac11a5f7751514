from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "tocds.movements"
    label = "movements"
