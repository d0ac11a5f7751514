from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tocds.training"
    label = "training"
