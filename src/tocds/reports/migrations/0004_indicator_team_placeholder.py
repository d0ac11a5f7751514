"""Indicator names say "{team}" where they named the team: pages and documents write the configured
team name (TOCDS_TEAM_NAME) there. Only names still as seeded are changed; reversible."""

from django.db import migrations

OLD = "Tổ công nghệ số cộng đồng"
NEW = "{team}"


def _replace(apps, old: str, new: str) -> None:
    Indicator = apps.get_model("reports", "Indicator")
    for indicator in Indicator.objects.filter(name__contains=old):
        indicator.name = indicator.name.replace(old, new)
        indicator.save(update_fields=["name"])


def forwards(apps, schema_editor):
    _replace(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _replace(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_province_report_and_stored_documents")]

    operations = [migrations.RunPython(forwards, backwards)]
