"""The forms of honour the Provincial Chairman confers (Law on Emulation and Commendation
2022): a round gives each of them a quota."""

from django.db import migrations

FORMS = (
    (
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Bằng khen",
        "Chủ tịch Ủy ban nhân dân tỉnh",
        True,
        True,
        1,
    ),
    ("Cờ thi đua của Ủy ban nhân dân tỉnh", "Cờ thi đua", "Ủy ban nhân dân tỉnh", True, False, 2),
)


def seed(apps, schema_editor):
    HonourForm = apps.get_model("honours", "HonourForm")
    for name, short, by, collectives, individuals, order in FORMS:
        HonourForm.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "conferred_by": by,
                "for_collectives": collectives,
                "for_individuals": individuals,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
