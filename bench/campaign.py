"""Benchmark of a campaign at province scale. Run with `make bench-campaign`.

In one run, against its own database (SQLite under a temporary TOCDS_VAR_DIR, or DATABASE_URL
if set — the database is emptied first, so only ever point it at a dedicated bench database):
1. builds a synthetic province (100 communes × 25 hamlets, a team per hamlet with 8 members who
   have accounts) and an open 10-day campaign with services, plans and assignments;
2. starts the real server (`tocds serve`, gunicorn, 2 workers) on a free local port, gets bearer
   tokens from `POST /api/v1/auth/token` and sends visits to `POST /api/v1/sync/visits` in
   batches of 100 and of 500 (each result must be `created`), next to the limit: the database
   driver's own `executemany` INSERT of the same rows, 500 visits per transaction, no ORM;
3. fills the database up to `--visits` (default 1,000,000) with bulk driver inserts, rebuilds
   the tallies, then times the dashboard pages (province, commune, hamlet: real requests, signed
   in as a province admin) next to the raw SQL aggregate over the visits for the same figures;
4. prints the machine, the database versions and the date.
"""

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("TOCDS_VAR_DIR", tempfile.mkdtemp(prefix="tocds-bench-campaign-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocds.settings")
os.environ["DEBUG"] = "0"
os.environ["HTTPS"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ["API_TOKEN_RATE"] = "100000/m"  # noqa: S105 (a rate, not a secret)
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django
import psycopg

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

COMMUNES = 100
HAMLETS_PER_COMMUNE = 25
MEMBERS_PER_TEAM = 8
DAYS = 10
PASSWORD = "bench-password-2026"  # noqa: S105 (throwaway benchmark database)
RNG = random.Random(2026)
TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has no daylight saving


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


# --- 1. the synthetic province ----------------------------------------------------------------


class World:
    """Ids of what was built, for generating visits without the ORM."""

    def __init__(self) -> None:
        self.campaign_id = 0
        self.first_day = dt.date.today()
        self.teams: list[
            tuple[int, int, int, str, list[int]]
        ] = []  # team, commune, hamlet, code, users
        self.services: list[int] = []
        self.service_codes: dict[int, str] = {}
        self.admin = None
        self.commune_code = ""
        self.hamlet_code = ""
        self.serial = 0  # household numbers stay unique (no duplicate-household flags)


def build(world: World) -> None:
    from django.contrib.auth.hashers import make_password

    from tocds.campaigns.models import Assignment, Campaign, CampaignStatus, CommunePlan, Service
    from tocds.people.models import Person, Role, RoleGrant, User
    from tocds.places.models import Kind, Level, Place
    from tocds.teams.models import Membership, Team

    province = Place.objects.create(
        code="04", name="Tỉnh Thử", level=Level.PROVINCE, kind=Kind.TINH, path="/04/"
    )
    communes = Place.objects.bulk_create(
        [
            Place(
                code=f"9{n:04d}",
                name=f"Xã Thử {n}",
                level=Level.COMMUNE,
                kind=Kind.XA,
                parent=province,
                path=f"/04/9{n:04d}/",
                is_sample=True,
            )
            for n in range(1, COMMUNES + 1)
        ]
    )
    communes = list(Place.objects.filter(level=Level.COMMUNE).order_by("code"))
    Place.objects.filter(level=Level.COMMUNE).update(commune_id=models_f("id"))
    hamlets = Place.objects.bulk_create(
        [
            Place(
                code=f"{c.code}-{h:03d}",
                name=f"Thôn Thử {h}",
                level=Level.HAMLET,
                kind=Kind.THON,
                parent=c,
                commune=c,
                path=f"{c.path}{c.code}-{h:03d}/",
                is_sample=True,
            )
            for c in communes
            for h in range(1, HAMLETS_PER_COMMUNE + 1)
        ],
        batch_size=1000,
    )
    hamlets = list(Place.objects.filter(level=Level.HAMLET).order_by("code"))
    Team.objects.bulk_create(
        [Team(name=f"Tổ CĐS {h.name} {h.code}", place=h, is_sample=True) for h in hamlets],
        batch_size=1000,
    )
    teams = list(Team.objects.select_related("place").order_by("pk"))
    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(username=f"m{t.pk}-{k}", password=hashed, full_name=f"Thành viên {t.pk}-{k}")
            for t in teams
            for k in range(MEMBERS_PER_TEAM)
        ],
        batch_size=2000,
    )
    users = list(User.objects.filter(username__startswith="m").order_by("pk"))
    by_name = {u.username: u for u in users}
    people = Person.objects.bulk_create(
        [
            Person(
                full_name=by_name[f"m{t.pk}-{k}"].full_name,
                phone=f"+849{t.pk:05d}{k:03d}",
                user=by_name[f"m{t.pk}-{k}"],
                is_sample=True,
            )
            for t in teams
            for k in range(MEMBERS_PER_TEAM)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person=p,
                team=teams[i // MEMBERS_PER_TEAM],
                role="leader" if i % 8 == 0 else "member",
            )
            for i, p in enumerate(people)
        ],
        batch_size=2000,
    )
    admin = User.objects.create_user("bench-admin", password=PASSWORD)
    RoleGrant.objects.create(user=admin, role=Role.PROVINCE_ADMIN, place=province)
    world.admin = admin
    today = dt.date.today()
    world.first_day = today - dt.timedelta(days=DAYS)
    campaign = Campaign.objects.create(
        province=province,
        name="Chiến dịch thử",
        starts_on=world.first_day,
        ends_on=today - dt.timedelta(days=1),
        households_target=1_200_000,
        people_target=3_000_000,
        status=CampaignStatus.OPEN,
    )
    services = list(Service.objects.active().order_by("pk"))
    campaign.services.set(services)
    world.campaign_id = campaign.pk
    world.services = [s.pk for s in services]
    world.service_codes = {s.pk: s.code for s in services}
    plans = CommunePlan.objects.bulk_create(
        [
            CommunePlan(
                campaign=campaign, commune=c, households_target=12_000, people_target=30_000
            )
            for c in communes
        ]
    )
    plan_of = {p.commune_id: p for p in plans}
    Assignment.objects.bulk_create(
        [
            Assignment(
                plan=plan_of[t.place.commune_id],
                team=t,
                hamlet=t.place,
                starts_on=campaign.starts_on,
                ends_on=campaign.ends_on,
            )
            for t in teams
        ],
        batch_size=1000,
    )
    members: dict[int, list[int]] = {}
    for i, u in enumerate(users):
        members.setdefault(teams[i // MEMBERS_PER_TEAM].pk, []).append(u.pk)
    world.teams = [
        (t.pk, t.place.commune_id, t.place_id, t.place.code, members[t.pk]) for t in teams
    ]
    world.commune_code = communes[0].code
    world.hamlet_code = hamlets[0].code
    print(
        f"  synthetic province: {len(communes)} communes, {len(hamlets)} hamlets, "
        f"{len(teams)} teams, {len(users)} members with accounts, {len(services)} services"
    )


def seed_catalogue() -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("tocds.campaigns.migrations.0002_seed_service_catalogue").seed(
        apps, None
    )


def models_f(name: str):
    from django.db.models import F

    return F(name)


# --- visits -------------------------------------------------------------------------------


def visit_record(world: World, team: tuple, recorder: int | None = None) -> dict:
    """A realistic record as the field app sends it: 1–3 services, a day of the campaign."""
    team_id, _commune, _hamlet, code, users = team
    world.serial += 1
    day = world.first_day + dt.timedelta(days=RNG.randrange(DAYS))
    at = dt.datetime.combine(day, dt.time(RNG.randrange(7, 18), RNG.randrange(60)), TZ)
    services = RNG.sample(world.services, RNG.randint(1, 3))
    people = RNG.randint(1, 6)
    return {
        "uuid": str(uuid.uuid4()),
        "campaign_id": world.campaign_id,
        "team_id": team_id,
        "hamlet_code": code,
        "household": f"Số {world.serial}",
        "people_guided": people,
        "recorded_at": at.isoformat(),
        "services": [
            {
                "code": world.service_codes[s],
                "people": RNG.randint(1, people),
                "outcome": RNG.choice(("done", "done", "follow_up")),
            }
            for s in services
        ],
        "_recorder": recorder if recorder is not None else RNG.choice(users),
    }


def visit_rows(world: World, records: list[dict], first_id: int) -> tuple[list, list]:
    """The same records as table rows for the driver: (visit rows, service rows)."""
    sqlite = is_sqlite()
    now = dt.datetime.now(dt.UTC)
    teams = {t[0]: t for t in world.teams}
    codes = {code: pk for pk, code in world.service_codes.items()}
    visits, services = [], []
    for offset, r in enumerate(records):
        vid = first_id + offset
        _team, commune, hamlet, _code, _users = teams[r["team_id"]]
        at = dt.datetime.fromisoformat(r["recorded_at"])
        day = at.date()
        at_utc = at.astimezone(dt.UTC)
        services_text = ";".join(
            f"{s['code']}:{s['people']}:{s['outcome']}"
            for s in sorted(r["services"], key=lambda s: s["code"])
        )
        row = (
            vid,
            uuid.UUID(r["uuid"]).hex if sqlite else uuid.UUID(r["uuid"]),
            world.campaign_id,
            r["team_id"],
            commune,
            hamlet,
            r["_recorder"],
            r["household"],
            r["household"].lower(),
            False,
            "",
            "",
            r["people_guided"],
            services_text,
            _ts(at_utc, sqlite),
            day.isoformat() if sqlite else day,
            _ts(at_utc, sqlite),
            _ts(now, sqlite),
            _ts(now, sqlite),
            0,
            1,
            uuid.uuid4().hex,  # stands for the content hash (same width)
            uuid.uuid4().hex if sqlite else uuid.uuid4(),
            False,
            _ts(now, sqlite),
        )
        visits.append(row)
        for s in r["services"]:
            services.append((vid, codes[s["code"]], s["people"], s["outcome"]))
    return visits, services


def _ts(value: dt.datetime, sqlite: bool):
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ") if sqlite else value


VISIT_COLUMNS = (
    "id, uuid, campaign_id, team_id, commune_id, hamlet_id, recorded_by_id, household, "
    "household_key, consent, head_name, head_phone, people_guided, services_text, visited_at, "
    "visit_day, device_time, device_sent_at, received_at, skew_seconds, version, content_hash, "
    "ingest_id, excluded, updated_at"
)


def driver_insert(visits: list, services: list, batch: int) -> float:
    """executemany INSERT of visits and their services, `batch` visits per transaction, with the
    raw driver connection (no ORM). Returns seconds."""
    connection.ensure_connection()
    raw = connection.connection
    mark = "?" if is_sqlite() else "%s"
    visit_sql = f"INSERT INTO visits_visit ({VISIT_COLUMNS}) VALUES ({', '.join([mark] * 25)})"  # noqa: S608
    service_sql = (
        "INSERT INTO visits_visitservice (visit_id, service_id, people, outcome) "  # noqa: S608
        f"VALUES ({mark}, {mark}, {mark}, {mark})"
    )
    by_visit: dict[int, list] = {}
    for row in services:
        by_visit.setdefault(row[0], []).append(row)
    start = time.perf_counter()
    for i in range(0, len(visits), batch):
        chunk = visits[i : i + batch]
        chunk_services = [s for v in chunk for s in by_visit.get(v[0], [])]
        if is_sqlite():
            raw.execute("BEGIN IMMEDIATE")
            raw.executemany(visit_sql, chunk)
            raw.executemany(service_sql, chunk_services)
            raw.execute("COMMIT")
        else:
            # A plain psycopg cursor (server-side binding), not Django's client-side one.
            with raw.transaction(), psycopg.Cursor(raw) as cursor:
                cursor.executemany(visit_sql, chunk)
                cursor.executemany(service_sql, chunk_services)
    elapsed = time.perf_counter() - start
    if not is_sqlite():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('visits_visit', 'id'), "
                "(SELECT max(id) FROM visits_visit))"
            )
    return elapsed


def copy_insert(visits: list, services: list) -> None:
    """PostgreSQL's COPY of visits and services in one transaction (the fast fill)."""
    connection.ensure_connection()
    raw = connection.connection
    with raw.transaction(), psycopg.Cursor(raw) as cursor:
        with cursor.copy(f"COPY visits_visit ({VISIT_COLUMNS}) FROM STDIN") as copy:
            for row in visits:
                copy.write_row(row)
        with cursor.copy(
            "COPY visits_visitservice (visit_id, service_id, people, outcome) FROM STDIN"
        ) as copy:
            for row in services:
                copy.write_row(row)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('visits_visit', 'id'), "
            "(SELECT max(id) FROM visits_visit))"
        )


def next_visit_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM visits_visit")
        return cursor.fetchone()[0] + 1


# --- 2. ingestion through the real endpoint -------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server():
    port = free_port()
    log = open(Path(os.environ["TOCDS_VAR_DIR"]) / "server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tocds", "serve", "--port", str(port), "--workers", "2"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _body = request(port, "GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the server did not start; see server.log")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def request(port: int, method: str, path: str, body=None, headers=None) -> tuple[int, bytes]:
    """One request on a new connection, as a phone makes it; `body` is data or encoded JSON."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        payload = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"} if payload else {}
        all_headers.update(headers or {})
        conn.request(method, path, body=payload, headers=all_headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def tokens_for(port: int, world: World, count: int) -> dict[int, tuple[int, str]]:
    """Bearer tokens of `count` recorders, one per team: {user id: (team index, token)}."""
    from tocds.people.models import User

    picked = {}
    for index in RNG.sample(range(len(world.teams)), count):
        user_id = world.teams[index][4][1]
        username = User.objects.get(pk=user_id).username
        status, body = request(
            port, "POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD}
        )
        if status != 200:
            raise RuntimeError(f"token: {status} {body[:200]!r}")
        picked[user_id] = (index, json.loads(body)["token"])
    return picked


def ingest(port: int, world: World, tokens: dict, batch: int, batches: int) -> tuple[float, int]:
    """Send `batches` batches of `batch` visits, each from one recorder of its own team. The
    timed part is the server's: each body is encoded beforehand (a phone does that on its own
    processor) but for its clock, and the answers are checked afterwards."""
    recorders = list(tokens.items())
    prepared = []
    for n in range(batches):
        user_id, (index, token) = recorders[n % len(recorders)]
        records = [visit_record(world, world.teams[index], user_id) for _ in range(batch)]
        visits = [{k: v for k, v in r.items() if k != "_recorder"} for r in records]
        prepared.append((token, json.dumps(visits).encode(), len(records)))
    answers = []
    start = time.perf_counter()
    for token, visits, count in prepared:
        clock = dt.datetime.now(dt.UTC).isoformat().encode()
        body = b'{"device_clock": "' + clock + b'", "visits": ' + visits + b"}"
        status, raw = request(
            port, "POST", "/api/v1/sync/visits", body, {"Authorization": f"Bearer {token}"}
        )
        answers.append((status, raw, count))
    seconds = time.perf_counter() - start
    for status, raw, count in answers:
        if status != 200:
            raise RuntimeError(f"sync: {status} {raw[:300]!r}")
        results = json.loads(raw)["results"]
        statuses = {r["status"] for r in results}
        if statuses != {"created"} or len(results) != count:
            raise RuntimeError(f"sync: expected every record created, got {statuses}")
    return seconds, sum(count for _status, _raw, count in answers)


# --- 3. fill, tallies, dashboards -----------------------------------------------------------


def fill(world: World, target: int) -> float:
    """Bulk-insert visits (and services) with the driver until the table holds `target`:
    executemany in 50,000-visit transactions on SQLite, COPY on PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM visits_visit")
        have = cursor.fetchone()[0]
    todo = target - have
    start = time.perf_counter()
    chunk = 50_000
    first_id = next_visit_id()
    while todo > 0:
        n = min(chunk, todo)
        records = []
        for _ in range(n):
            team = world.teams[RNG.randrange(len(world.teams))]
            records.append(visit_record(world, team))
        visits, services = visit_rows(world, records, first_id)
        if is_sqlite():
            driver_insert(visits, services, batch=n)
        else:
            copy_insert(visits, services)
        first_id += n
        todo -= n
    return time.perf_counter() - start


def session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "tocds.people.auth.UsernameOrPhoneBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def timed(label: str, fn, repeat: int) -> tuple[float, float]:
    fn()  # warm up (connections, caches)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    median = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    print(f"  {label:54} median {median:8.1f} ms   p95 {p95:8.1f} ms  (n={repeat})")
    return median, p95


RAW_SQL = {
    "province": (
        "SELECT commune_id, count(*), sum(people_guided), count(DISTINCT hamlet_id), "
        "count(DISTINCT team_id), count(DISTINCT recorded_by_id) FROM visits_visit "
        "WHERE campaign_id = {m} AND NOT excluded GROUP BY commune_id"
    ),
    "commune": (
        "SELECT hamlet_id, count(*), sum(people_guided), count(DISTINCT team_id), "
        "count(DISTINCT recorded_by_id) FROM visits_visit "
        "WHERE campaign_id = {m} AND commune_id = {m} AND NOT excluded GROUP BY hamlet_id"
    ),
    "hamlet": (
        "SELECT team_id, count(*), sum(people_guided), count(DISTINCT recorded_by_id) "
        "FROM visits_visit WHERE campaign_id = {m} AND hamlet_id = {m} AND NOT excluded "
        "GROUP BY team_id"
    ),
}


def raw_aggregate(kind: str, params: tuple) -> None:
    mark = "?" if is_sqlite() else "%s"
    sql = RAW_SQL[kind].format(m=mark)
    raw = connection.connection
    if is_sqlite():
        raw.execute(sql, params).fetchall()
    else:
        with raw.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()


# --- 4. the machine -------------------------------------------------------------------------


def machine() -> None:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    import sqlite3

    if is_sqlite():
        db = f"SQLite {sqlite3.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
    print("machine:")
    print(f"  CPU {cpu}, {os.cpu_count()} cores, RAM {ram}")
    print(f"  Python {platform.python_version()}, {db}, Django {django.get_version()}")
    print(f"  date {dt.datetime.now(TZ).strftime('%Y-%m-%d %H:%M')} (UTC+7)")


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it happens, even in a file
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    engine = "SQLite" if is_sqlite() else "PostgreSQL"
    if args.visits > 1_000_000 and is_sqlite():
        parser.error("more than 1,000,000 visits only on PostgreSQL (set DATABASE_URL)")
    began = time.perf_counter()
    print(f"tocds campaign bench — {engine}, target {args.visits:,} visits")
    if not is_sqlite():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    seed_catalogue()  # a flush empties the catalogue the migrations seeded
    world = World()
    start = time.perf_counter()
    build(world)
    print(f"  building it took {time.perf_counter() - start:.1f} s")
    connection.close()

    print("sync ingestion (real server: gunicorn, 2 workers, loopback, one client):")
    with server() as port:
        tokens = tokens_for(port, world, 20)
        # Warm-up, not timed: each worker imports and builds the sync code on its first batch.
        ingest(port, world, tokens, 10, 6)
        rates = {}
        for batch, batches in ((100, 100), (500, 20)):  # 10,000 visits each
            seconds, count = ingest(port, world, tokens, batch, batches)
            rates[batch] = count / seconds
            print(
                f"  POST /api/v1/sync/visits, batches of {batch:3}: {count:6,} visits in "
                f"{seconds:6.2f} s = {rates[batch]:8,.0f} visits/s (every result `created`)"
            )
    connection.close()
    records = [
        visit_record(world, world.teams[RNG.randrange(len(world.teams))]) for _ in range(6000)
    ]
    visits, services = visit_rows(world, records, next_visit_id())
    seconds = driver_insert(visits, services, batch=500)
    driver_rate = len(visits) / seconds
    print(
        f"  driver executemany, 500 visits (+{len(services) / len(visits):.1f} services each) per "
        f"transaction: {driver_rate:8,.0f} visits/s"
    )
    for batch, rate in rates.items():
        verdict = "meets" if rate >= 0.25 * driver_rate else "BELOW"
        share = 100 * rate / driver_rate
        print(f"  ratio, batches of {batch}: {share:5.1f}% of the driver ({verdict} the 25% goal)")

    print(f"fill to {args.visits:,} visits (driver bulk inserts / COPY) and rebuild the tallies:")
    seconds = fill(world, args.visits)
    print(f"  inserted in {seconds:.1f} s")
    from tocds.visits import tally

    start = time.perf_counter()
    visit_rows_n, service_rows_n = tally.rebuild(world.campaign_id)
    print(
        f"  tally.rebuild(): {visit_rows_n:,} visit tallies, {service_rows_n:,} service tallies "
        f"in {time.perf_counter() - start:.1f} s"
    )
    if is_sqlite():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    from tocds.places.models import Place

    commune = Place.objects.get(code=world.commune_code, valid_to__isnull=True)
    hamlet = Place.objects.get(code=world.hamlet_code, valid_to__isnull=True)
    cookie = session_cookie(world.admin)
    connection.close()

    print(f"dashboards (real page requests, province admin), at {args.visits:,} visits:")
    c = world.campaign_id
    pages = {
        "province": f"/progress/{c}/",
        "commune": f"/progress/{c}/communes/{commune.code}/",
        "hamlet": f"/progress/{c}/hamlets/{hamlet.code}/",
    }
    results = {}
    with server() as port:

        def get(path):
            status, body = request(port, "GET", path, headers={"Cookie": cookie})
            if status != 200:
                raise RuntimeError(f"{path}: {status}")
            return body

        for kind, path in pages.items():
            results[kind] = timed(f"{kind:8} page {path}", lambda p=path: get(p), args.repeat)
        timed(
            "province chart, visits per day (SVG)",
            lambda: get(f"/progress/{c}/charts/days.svg"),
            args.repeat,
        )
    print("raw SQL aggregate over the visits table, same figures (driver, no HTTP):")
    connection.ensure_connection()
    params = {"province": (c,), "commune": (c, commune.pk), "hamlet": (c, hamlet.pk)}
    for kind in pages:
        timed(
            f"{kind:8} GROUP BY over visits",
            lambda k=kind: raw_aggregate(k, params[k]),
            min(args.repeat, 5 if kind == "province" else args.repeat),
        )
    over = [k for k, (median, p95) in results.items() if p95 > 150]
    print(
        "  goal: every dashboard view ≤ 150 ms — "
        + ("met (p95)" if not over else f"NOT met (p95) for: {', '.join(over)}")
    )
    machine()
    print(f"the run took {time.perf_counter() - began:.0f} s")
    connection.close()


if __name__ == "__main__":
    main()
