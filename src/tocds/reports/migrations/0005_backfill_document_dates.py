"""Reports submitted before documents were dated get the day they were (last) submitted, in the
province's time, as their document date. Their files are written on the next download from the
frozen rows (no copy was kept when they were signed)."""

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    pending = Report.objects.filter(
        status__in=["submitted", "accepted"], document_date__isnull=True, submitted_at__isnull=False
    )
    for report in pending:
        report.document_date = timezone.localdate(report.submitted_at)
        report.save(update_fields=["document_date"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_indicator_team_placeholder")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
