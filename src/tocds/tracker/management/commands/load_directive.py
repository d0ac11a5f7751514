"""Load another directive from a JSON file (the shape of `tracker.loader.load_directive`):
a province follows a new plan or letter without a line of code."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tocds.places.models import Level, Place
from tocds.tracker.loader import load_directive

# A directive's text and indicators fit in far less; a bigger file is not one.
MAX_BYTES = 2 * 1024 * 1024


class Command(BaseCommand):
    help = "Load a directive, its clauses and indicators from a JSON file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the JSON file (see docs/tracker.md)")
        parser.add_argument("--province", help="the province's code (default: the only one)")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path}: not a file of at most {MAX_BYTES} bytes")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path}: not UTF-8 JSON ({exc})") from exc
        provinces = Place.objects.current().filter(level=Level.PROVINCE)
        if options["province"]:
            provinces = provinces.filter(code=options["province"])
        if provinces.count() != 1:
            raise CommandError("Name the province with --province (its code).")
        try:
            directive = load_directive(provinces.get(), data)
        except (ValidationError, ValueError, TypeError, AttributeError) as exc:
            messages = getattr(exc, "messages", [str(exc)])
            raise CommandError(f"{path}: {' '.join(messages)}") from exc
        self.stdout.write(f"{directive.number}: {directive.clauses.count()} clauses")
