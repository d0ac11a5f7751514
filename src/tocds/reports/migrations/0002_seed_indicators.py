"""Seed the report indicators from reports/data/indicators.json (re-runnable, reversible)."""

import json
import unicodedata
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "indicators.json"


def _items():
    return json.loads(DATA.read_text(encoding="utf-8"))["indicators"]


def seed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for item in _items():
        Indicator.objects.get_or_create(
            code=item["code"],
            defaults={
                "name": unicodedata.normalize("NFC", item["name"]),
                "unit": item["unit"],
                "default_target": item["default_target"],
                "position": item["position"],
                "formula": item["formula"],
            },
        )


def unseed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.filter(code__in=[i["code"] for i in _items()]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_reports"), ("campaigns", "0002_seed_service_catalogue")]

    operations = [migrations.RunPython(seed, unseed)]
