from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "tocds.field"
    label = "field"
