from django.core.management.base import BaseCommand, CommandError

from tocds.places.models import Level, Place
from tocds.tracker.loader import load_directive_2521


class Command(BaseCommand):
    help = "Load Official Letter 2521/UBND-VX, its clauses and indicators (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="the province's code (default: the only one)")

    def handle(self, *args, **options):
        provinces = Place.objects.current().filter(level=Level.PROVINCE)
        if options["province"]:
            provinces = provinces.filter(code=options["province"])
        if provinces.count() != 1:
            raise CommandError("Name the province with --province (its code).")
        directive = load_directive_2521(provinces.get())
        self.stdout.write(f"{directive.number}: {directive.clauses.count()} clauses")
