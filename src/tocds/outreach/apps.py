from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "tocds.outreach"
    label = "outreach"
