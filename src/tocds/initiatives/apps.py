from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "tocds.initiatives"
    label = "initiatives"
