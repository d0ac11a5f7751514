from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tocds.notifications"
    label = "notifications"
