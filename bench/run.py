"""Benchmark of the teams registry at province scale. Run with `make bench`.

Builds a fresh database (SQLite under a temporary TOCDS_VAR_DIR, or DATABASE_URL if set — the
database is emptied first, so never point it at real data), loads the official places, then a
synthetic Cao Bằng of about the real size (1,431 teams and 12,151 members in 2025): 56 communes ×
26 hamlets, one team each, 8–9 members per team. Prints timings of the pages and exports that
officers use, and the gzip weight of the pages a phone downloads.
"""

import gzip
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("TOCDS_VAR_DIR", tempfile.mkdtemp(prefix="tocds-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocds.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

HAMLETS_PER_COMMUNE = 26
MEMBERS = (8, 9)


def timed(label: str, fn, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    median = statistics.median(samples)
    print(f"  {label:58} median {median:8.1f} ms  (min {min(samples):.1f}, n={repeat})")
    return median


def build_province() -> None:
    from tocds.people.models import Person, Role, RoleGrant, User
    from tocds.places.models import Kind, Level, Place
    from tocds.teams.models import Affiliation, Membership, Team

    province = Place.objects.get(code="04", valid_to__isnull=True)
    communes = list(Place.objects.current().filter(parent=province, level=Level.COMMUNE))
    hamlets = []
    for commune in communes:
        for n in range(1, HAMLETS_PER_COMMUNE + 1):
            code = f"{commune.code}-{n:03d}"
            hamlets.append(
                Place(
                    code=code,
                    name=f"Thôn Thử {n}",
                    search_name=f"thon thu {n}",
                    level=Level.HAMLET,
                    kind=Kind.THON,
                    parent=commune,
                    commune=commune,
                    path=f"{commune.path}{code}/",
                    is_sample=True,
                )
            )
    Place.objects.bulk_create(hamlets, batch_size=500)
    hamlets = list(Place.objects.filter(level=Level.HAMLET, path__startswith=province.path))
    teams = Team.objects.bulk_create(
        [
            Team(
                name=f"Tổ CĐS {h.name} {h.code}",
                search_name=f"to cds {h.search_name} {h.code}",
                place=h,
                decision_date=date(2024, 9, 1),
                is_sample=True,
            )
            for h in hamlets
        ][:1431],
        batch_size=500,
    )
    people, serial = [], 0
    for team in teams:
        for _ in range(MEMBERS[team.pk % 2]):
            serial += 1
            people.append(
                Person(
                    full_name=f"Người Thử {serial}",
                    search_name=f"nguoi thu {serial}",
                    phone=f"+849{serial:08d}",
                    is_sample=True,
                )
            )
    people = Person.objects.bulk_create(people, batch_size=1000)
    memberships, index = [], 0
    for team in teams:
        for k in range(MEMBERS[team.pk % 2]):
            memberships.append(
                Membership(person=people[index], team=team, role="leader" if k == 0 else "member")
            )
            index += 1
    memberships = Membership.objects.bulk_create(memberships, batch_size=1000)
    Affiliation.objects.bulk_create(
        [Affiliation(membership=m, kind="youth_union") for m in memberships[::3]],
        batch_size=1000,
    )
    password = "bench-password-2026"  # noqa: S105 (throwaway benchmark database)
    admin = User.objects.create_user("bench-admin", password=password)
    RoleGrant.objects.create(user=admin, role=Role.PROVINCE_ADMIN, place=province)
    officer = User.objects.create_user("bench-officer", password=password)
    RoleGrant.objects.create(user=officer, role=Role.COMMUNE_OFFICER, place=communes[0])
    print(
        f"  synthetic province: {len(hamlets)} hamlets, {len(teams)} teams, "
        f"{len(memberships)} members"
    )


def page_weight(client: Client, path: str) -> int:
    """Gzip bytes of the HTML plus the stylesheet and script it loads."""
    html = client.get(path).content
    total = len(gzip.compress(html))
    for asset in ("tocds/site.css", "django_htmx/htmx-2.min.js"):
        total += len(gzip.compress(Path(finders.find(asset)).read_bytes()))
    return total


def main() -> None:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"tocds bench — database {engine}, python {sys.version.split()[0]}")
    if engine != "sqlite3":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    call_command("load_places", historic=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"  load_places --historic (3,355 + 171 places)     {time.perf_counter() - start:8.2f} s")
    start = time.perf_counter()
    call_command("load_places", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(
        f"  load_places again (nothing to change)            {time.perf_counter() - start:8.2f} s"
    )
    start = time.perf_counter()
    build_province()
    print(
        f"  building it took                                 {time.perf_counter() - start:8.2f} s"
    )

    from tocds.people.models import User

    admin, officer = Client(), Client()
    admin.force_login(User.objects.get(username="bench-admin"))
    officer.force_login(User.objects.get(username="bench-officer"))
    commune = User.objects.get(username="bench-officer").grants.get().place.code
    print("pages (Django test client, no network):")
    timed("province coverage /places/04/ (56 communes)", lambda: admin.get("/places/04/"))
    timed("team list, province admin, first page of 50", lambda: admin.get("/teams/"))
    timed("team list, search 'thon thu 1'", lambda: admin.get("/teams/?q=thon+thu+1"))
    timed(f"commune page /places/{commune}/", lambda: officer.get(f"/places/{commune}/"))
    timed("team list, commune officer", lambda: officer.get("/teams/"))
    timed("API /api/v1/teams?limit=100", lambda: admin.get("/api/v1/teams?limit=100"))
    timed("place search 'hoa an' (public)", lambda: Client().get("/places/search/?q=hoa+an"))
    timed("member export, whole province (.xlsx)", lambda: admin.get("/teams/export.xlsx"), 3)
    timed("member export, one commune (.xlsx)", lambda: officer.get("/teams/export.xlsx"))
    print("page weight, gzip (HTML + CSS + JS, first load):")
    for label, client, path in (
        ("team list", admin, "/teams/"),
        ("commune page", officer, f"/places/{commune}/"),
        ("public place search", Client(), "/places/search/?q=hoa+an"),
        ("sign-in page", Client(), "/accounts/login/"),
    ):
        print(f"  {label:58} {page_weight(client, path) / 1024:8.1f} KB")
    connection.close()


if __name__ == "__main__":
    main()
