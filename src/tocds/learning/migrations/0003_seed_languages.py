"""The languages lessons are recorded in: Vietnamese and the province's own (Cao Bằng: Tày,
Nùng, H'Mông, Dao). Data, not code: the province adds others on the management pages."""

from django.db import migrations

LANGUAGES = [
    ("vi", "Tiếng Việt", 1),
    ("tyz", "Tiếng Tày", 2),
    ("nut", "Tiếng Nùng", 3),
    ("hmn", "Tiếng H'Mông", 4),
    ("ium", "Tiếng Dao", 5),
]


def seed(apps, schema_editor):
    Language = apps.get_model("learning", "Language")
    for code, name, position in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("learning", "0002_observed_steps_audio_languages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
