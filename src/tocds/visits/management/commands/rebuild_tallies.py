from django.core.management.base import BaseCommand, CommandError

from tocds.campaigns.models import Campaign
from tocds.visits import tally


class Command(BaseCommand):
    help = (
        "Recompute the campaign counters from the visits (after a restore or a manual repair). "
        "Dashboards read only the counters."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="only this campaign (its id)")

    def handle(self, *args, campaign=None, **options):
        if campaign is not None and not Campaign.objects.filter(pk=campaign).exists():
            raise CommandError(f"No campaign with id {campaign}.")
        rows, service_rows = tally.rebuild(campaign)
        self.stdout.write(f"rebuilt: {rows} visit counters, {service_rows} service counters")
