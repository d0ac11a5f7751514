from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "tocds.places"
    label = "places"
