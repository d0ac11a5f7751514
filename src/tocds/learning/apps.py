from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "tocds.learning"
    label = "learning"
