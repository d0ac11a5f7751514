from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "tocds.partners"
    label = "partners"
