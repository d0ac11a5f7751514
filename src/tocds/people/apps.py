from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tocds.people"
    label = "people"
