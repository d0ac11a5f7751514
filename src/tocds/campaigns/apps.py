from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "tocds.campaigns"
    label = "campaigns"
