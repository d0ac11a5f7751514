from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tocds.reports"
    label = "reports"
