from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tocds.places import services


class Command(BaseCommand):
    help = (
        "Load today's 34 provinces and 3,321 communes from the vietnam-provinces package; "
        "with --historic, also the pre-2025 districts and communes linked to their successors. "
        "Safe to re-run: updates, never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--historic",
            action="store_true",
            help="also load the 2024 tree of the province (TOCDS_PROVINCE_CODE, or --province)",
        )
        parser.add_argument("--province", default=settings.PROVINCE_CODE)

    def handle(self, *args, historic: bool, province: str, **options):
        summary = services.load_current_places()
        self.stdout.write(f"Provinces and communes: {summary}")
        if historic:
            code = province.zfill(2)
            try:
                summary = services.load_historic_places(province_code=code)
            except LookupError as exc:
                raise CommandError(f"No historic data for province {code}.") from exc
            self.stdout.write(f"Historic places of {code}: {summary}")
