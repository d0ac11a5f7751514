"""Seed the service catalogue from campaigns/data/services.json (re-runnable, reversible)."""

import json
import re
import unicodedata
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "services.json"


def _fold(text: str) -> str:
    # The rule of tocds.core.text.fold, repeated: migrations never import app code.
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return re.sub(r"\s+", " ", stripped).strip().casefold()


def seed(apps, schema_editor):
    Service = apps.get_model("campaigns", "Service")
    services = json.loads(DATA.read_text(encoding="utf-8"))["services"]
    for position, item in enumerate(services, start=1):
        name = unicodedata.normalize("NFC", item["name"])
        Service.objects.get_or_create(
            code=item["code"],
            defaults={
                "name": name,
                "search_name": _fold(name),
                "skill": item["skill"],
                "description": item["description"],
                "position": position * 10,
            },
        )


def unseed(apps, schema_editor):
    Service = apps.get_model("campaigns", "Service")
    codes = [s["code"] for s in json.loads(DATA.read_text(encoding="utf-8"))["services"]]
    Service.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_service_catalogue")]

    operations = [migrations.RunPython(seed, unseed)]
