"""First-load transfer of the field app: what a phone downloads the first time it opens /field/.

Static files are counted gzip-compressed (level 9, as whitenoise's compressor writes them); the
shell page, manifest and service worker are dynamic responses, counted as sent (Django adds no
compression) and, for reference, gzipped. Run: `.venv/bin/python bench/field_weight.py`."""

import gzip
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocds.settings")
os.environ.setdefault("TOCDS_VAR_DIR", tempfile.mkdtemp(prefix="tocds-field-weight-"))
os.environ.setdefault("DEBUG", "1")  # static files from the app folders, no collectstatic


def main() -> None:
    import django

    django.setup()
    from datetime import date

    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.test import Client

    from tocds.field import services
    from tocds.people.models import Person, User
    from tocds.places.models import Kind, Level, Place
    from tocds.teams.models import Membership, Team, TeamRole

    call_command("migrate", verbosity=0)
    user = User.objects.filter(username="weight-probe").first()
    if user is None:
        province = Place.objects.create(
            code="99", name="Tỉnh Thử", level=Level.PROVINCE, kind=Kind.TINH, path="/99/"
        )
        commune = Place.objects.create(
            code="99001",
            name="Xã Thử",
            level=Level.COMMUNE,
            kind=Kind.XA,
            parent=province,
            path="/99/99001/",
        )
        hamlet = Place.objects.create(
            code="99001-1",
            name="Thôn Thử",
            level=Level.HAMLET,
            kind=Kind.THON,
            parent=commune,
            commune=commune,
            path="/99/99001/99001-1/",
        )
        team = Team.objects.create(name="Tổ thử", place=hamlet)
        user = User.objects.create_user(username="weight-probe", password=None)
        person = Person.objects.create(full_name="Người thử", phone="+84900009999", user=user)
        Membership.objects.create(
            person=person, team=team, role=TeamRole.MEMBER, joined_on=date(2024, 1, 1)
        )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    rows = []
    for url in ("/field/", "/field/manifest.webmanifest"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content
        rows.append((url, len(body), len(gzip.compress(body, 9)), len(body)))
    for name in services.ASSETS:
        body = Path(finders.find(name)).read_bytes()
        gz = len(gzip.compress(body, 9))
        rows.append((f"/static/{name}", len(body), gz, gz))
    sw = client.get("/field/sw.js").content
    print(f"{'resource':42} {'raw':>7} {'gzip':>7} {'sent':>7}")
    for url, raw, gz, sent in rows:
        print(f"{url:42} {raw:7} {gz:7} {sent:7}")
    print(
        f"{'first load (page + manifest + assets)':42} {sum(r[1] for r in rows):7} "
        f"{sum(r[2] for r in rows):7} {sum(r[3] for r in rows):7}"
    )
    print(
        f"{'+ service worker (fetched by the worker)':42} {len(sw):7} "
        f"{len(gzip.compress(sw, 9)):7} {len(sw):7}"
    )


if __name__ == "__main__":
    main()
