"""What a phone downloads for the key pages of the demo, as sent and gzip-compressed by the
server (`GZipMiddleware`). Loads the places and the demo into a throw-away SQLite database.
Run: `.venv/bin/python bench/page_weight.py` (about a minute)."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocds.settings")
os.environ.setdefault("TOCDS_VAR_DIR", tempfile.mkdtemp(prefix="tocds-page-weight-"))
os.environ.setdefault("DEBUG", "1")

PAGES = [
    ("demo-province", "/"),
    ("demo-province", "/progress/{campaign}/"),
    ("demo-province", "/progress/{campaign}/charts/ranking.svg"),
    ("demo-province", "/reports/campaigns/{campaign}/"),
    ("demo-province", "/places/"),
    ("demo-commune-a", "/"),
    ("demo-commune-a", "/teams/"),
    ("demo-commune-a", "/visits/?kind=all"),
    ("demo-leader", "/"),
    ("demo-leader", "/field/"),
    ("demo-leader", "/field/sw.js"),
    ("demo-leader", "/field/manifest.webmanifest"),
    ("demo-leader", "/api/v1/field/assignments"),
    ("demo-dost", "/honours/"),
    ("demo-dost", "/honours/nominations/{nomination}/"),
    ("demo-youth", "/movements/{movement}/"),
    # The citizens' pages, signed out (`None`).
    (None, "/"),
    (None, "/hamlets/?q=na"),
    (None, "/hamlets/{hamlet}/"),
    (None, "/figures/"),
    (None, "/movements/{movement}/leaderboard/"),
]


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tocds.campaigns.models import Campaign
    from tocds.people.models import User

    call_command("migrate", verbosity=0)
    call_command("load_places", "--historic", verbosity=0)
    call_command("load_demo", verbosity=0)
    from tocds.honours.models import Nomination
    from tocds.movements.models import Movement
    from tocds.teams.models import Team

    campaign = Campaign.objects.order_by("pk").first()
    ids = {
        "campaign": campaign.pk,
        "nomination": Nomination.objects.filter(status="approved").first().pk,
        "movement": Movement.objects.filter(status="running").first().pk,
        "hamlet": Team.objects.order_by("pk").first().place.code,
    }
    print(f"{'user':16} {'page':48} {'sent':>9} {'gzip':>9} {'ratio':>6}")
    total_plain = total_packed = 0
    for username, pattern in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        if username:
            client.force_login(User.objects.get(username=username))
        path = pattern.format(**ids)
        plain = client.get(path)
        packed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert plain.status_code == 200, (path, plain.status_code)
        a, b = len(plain.content), len(packed.content)
        total_plain, total_packed = total_plain + a, total_packed + b
        print(f"{username or 'anonymous':16} {path:48} {a:>9,} {b:>9,} {b / a:>6.0%}")
    share = total_packed / total_plain
    print(f"{'all':16} {'':48} {total_plain:>9,} {total_packed:>9,} {share:>6.0%}")


if __name__ == "__main__":
    main()
