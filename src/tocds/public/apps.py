from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "tocds.public"
    label = "public"
