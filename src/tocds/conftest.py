"""Shared test fixtures: a small province with two communes, and the six personas.

Personas (STYLE.md, plus a plain member): a province admin, a commune officer of commune A, one
of commune B, a team leader in A, a member in A, and an anonymous citizen. Places and teams are
built directly (fast); behaviour under test goes through pages, API, commands or services.
"""

import os
import shutil
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from huey.contrib.djhuey import HUEY

from tocds.campaigns.models import Campaign, Service
from tocds.people.models import Organisation, OrganisationKind, Person, Role, RoleGrant, User
from tocds.places.models import Kind, Level, Place
from tocds.teams.models import Affiliation, AffiliationKind, Membership, Team, TeamRole

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.API_TOKEN_RATE = "100/m"  # tests of the rate limit lower it themselves
    settings.MEDIA_ROOT = tmp_path / "media"  # uploaded files (initiatives' evidence)
    settings.RANKING_CACHE_SECONDS = 0  # rankings read the data afresh (one test caches)
    settings.PUBLIC_CACHE_SECONDS = 0  # so do the public pages (one test caches)
    # Background jobs run at once in the test's process, on a queue in memory (no worker).
    HUEY.immediate = True
    HUEY.storage.flush_all()
    cache.clear()
    yield
    cache.clear()


def make_place(code: str, name: str, level: str, kind: str, parent: Place | None = None) -> Place:
    place = Place(
        code=code,
        name=name,
        level=level,
        kind=kind,
        parent=parent,
        path=f"{parent.path if parent else '/'}{code}/",
    )
    if parent is not None and parent.level == Level.COMMUNE:
        place.commune = parent
    place.save()
    if level == Level.COMMUNE:
        place.commune = place
        place.save(update_fields=["commune"])
    return place


def make_user(username: str, *, role: str | None = None, place: Place | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    if role:
        RoleGrant.objects.create(user=user, role=role, place=place)
    return user


def make_member(
    team: Team,
    name: str,
    phone: str,
    *,
    role: str = TeamRole.MEMBER,
    user: User | None = None,
    affiliations: tuple[str, ...] = (),
) -> Membership:
    person = Person.objects.create(full_name=name, phone=phone, user=user)
    membership = Membership.objects.create(
        person=person, team=team, role=role, joined_on=date(2024, 10, 1)
    )
    for kind in affiliations:
        Affiliation.objects.create(membership=membership, kind=kind)
    return membership


def make_campaign(province: Place, name: str, communes: list[Place] | None = None) -> Campaign:
    campaign = Campaign.objects.create(
        province=province,
        name=name,
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 10, 10),
        whole_province=not communes,
    )
    campaign.communes.set(communes or [])
    campaign.services.set(Service.objects.filter(code__in=["vneid-register", "vietqr"]))
    return campaign


@dataclass
class World:
    province: Place
    commune_a: Place
    commune_b: Place
    hamlet_a1: Place
    hamlet_a2: Place
    hamlet_b1: Place
    team_a: Team
    team_a2: Team
    team_b: Team
    leader_a: Membership
    member_a: Membership
    member_b: Membership
    enterprise: Organisation
    province_admin: User
    officer_a: User
    officer_b: User
    leader: User
    member: User
    spare_b: User  # an officer of commune B who is not a persona (target of user admin)
    campaign_all: Campaign  # the whole province
    campaign_b: Campaign  # commune B only

    # School programme personas (tocds.schools.tests.factories), built on first use: a teacher
    # of a school in commune A, one of a school in commune B, the Education officer.
    @property
    def teacher(self) -> User:
        return _school_world(self).teacher

    @property
    def teacher_b(self) -> User:
        return _school_world(self).teacher_b

    @property
    def education_officer(self) -> User:
        return _school_world(self).education_officer

    # Recognition personas (movements and honours), built on first use: the provincial Youth
    # Union officer, the Department of Science and Technology's officer, the Department of
    # Home Affairs' officer and the Chairman's office.
    @property
    def youth(self) -> User:
        return _recognition_world(self)["youth"]

    @property
    def dost(self) -> User:
        return _recognition_world(self)["dost"]

    @property
    def home_affairs(self) -> User:
        return _recognition_world(self)["home_affairs"]

    @property
    def chairman(self) -> User:
        return _recognition_world(self)["chairman"]

    # Outreach and partners personas, built on first use: an editor of the provincial
    # newspaper; the officers of two enterprises (the world's `enterprise`, whose staff are
    # team members, and a second one).
    @property
    def media(self) -> User:
        return _outreach_world(self)["media"]

    @property
    def partner(self) -> User:
        return _outreach_world(self)["partner"]

    @property
    def partner_b(self) -> User:
        return _outreach_world(self)["partner_b"]

    def client_for(self, persona: str) -> Client:
        client = Client()
        user = getattr(self, persona, None) if persona != "anonymous" else None
        if user is not None:
            client.force_login(user)
        return client


def _school_world(w: World):
    from tocds.schools.tests.factories import school_world

    return school_world(w)


def _recognition_world(w: World) -> dict[str, User]:
    """The recognition personas, built once per test (kept on the world)."""
    cached = getattr(w, "_recognition", None)
    if cached is not None:
        return cached
    youth_union = Organisation.objects.create(
        name="Tỉnh đoàn mẫu", kind=OrganisationKind.YOUTH_UNION, place=w.province
    )
    science = Organisation.objects.create(
        name="Sở Khoa học và Công nghệ mẫu",
        kind=OrganisationKind.SCIENCE_AGENCY,
        place=w.province,
    )
    home_affairs = Organisation.objects.create(
        name="Sở Nội vụ mẫu", kind=OrganisationKind.HOME_AFFAIRS_AGENCY, place=w.province
    )
    built = {}
    for persona, role, organisation in (
        ("youth", Role.YOUTH_OFFICER, youth_union),
        ("dost", Role.AGENCY_OFFICER, science),
        ("home_affairs", Role.AGENCY_OFFICER, home_affairs),
        ("chairman", Role.APPROVER, None),
    ):
        user = make_user(f"{persona.replace('_', '-')}-officer")
        RoleGrant.objects.create(user=user, role=role, place=w.province, organisation=organisation)
        built[persona] = user
    w._recognition = built
    return built


def _outreach_world(w: World) -> dict[str, User]:
    """The outreach and partners personas, built once per test (kept on the world)."""
    cached = getattr(w, "_outreach", None)
    if cached is not None:
        return cached
    newspaper = Organisation.objects.create(
        name="Báo mẫu", kind=OrganisationKind.MEDIA, place=w.province
    )
    other = Organisation.objects.create(
        name="Doanh nghiệp khác mẫu", kind=OrganisationKind.ENTERPRISE, place=w.province
    )
    built = {}
    for persona, role, organisation in (
        ("media", Role.MEDIA_EDITOR, newspaper),
        ("partner", Role.PARTNER_OFFICER, w.enterprise),
        ("partner_b", Role.PARTNER_OFFICER, other),
    ):
        user = make_user(f"{persona.replace('_', '-')}-officer")
        RoleGrant.objects.create(user=user, role=role, place=w.province, organisation=organisation)
        built[persona] = user
    w._outreach = built
    return built


def _reseed_catalogues() -> None:
    """Data seeded by migrations (services, report indicators, languages) is wiped by the flush
    after a transactional test; put it back for the tests that follow."""
    from importlib import import_module

    from django.apps import apps

    from tocds.reports.models import Indicator

    if not Service.objects.exists():
        import_module("tocds.campaigns.migrations.0002_seed_service_catalogue").seed(apps, None)
    if not Indicator.objects.exists():
        import_module("tocds.reports.migrations.0002_seed_indicators").seed(apps, None)
    if not apps.get_model("learning", "Language").objects.exists():
        import_module("tocds.learning.migrations.0003_seed_languages").seed(apps, None)
    if not apps.get_model("honours", "HonourForm").objects.exists():
        import_module("tocds.honours.migrations.0002_honour_forms").seed(apps, None)


@pytest.fixture
def world(db) -> World:
    _reseed_catalogues()
    province = make_place("04", "Tỉnh Cao Bằng", Level.PROVINCE, Kind.TINH)
    commune_a = make_place("01654", "Xã Hòa An", Level.COMMUNE, Kind.XA, province)
    commune_b = make_place("01273", "Phường Thục Phán", Level.COMMUNE, Kind.PHUONG, province)
    hamlet_a1 = make_place("01654-001", "Xóm Nà Mẫu", Level.HAMLET, Kind.XOM, commune_a)
    hamlet_a2 = make_place("01654-002", "Thôn Đông Mẫu", Level.HAMLET, Kind.THON, commune_a)
    make_place("01654-003", "Bản Chưa Có Tổ", Level.HAMLET, Kind.BAN, commune_a)
    hamlet_b1 = make_place("01273-001", "Tổ dân phố 1", Level.HAMLET, Kind.TO_DAN_PHO, commune_b)
    team_a = Team.objects.create(name="Tổ CĐS Xóm Nà Mẫu", place=hamlet_a1)
    team_a2 = Team.objects.create(name="Tổ CĐS Thôn Đông Mẫu", place=hamlet_a2)
    team_b = Team.objects.create(name="Tổ CĐS Tổ dân phố 1", place=hamlet_b1)
    enterprise = Organisation.objects.create(
        name="Bưu điện mẫu", kind=OrganisationKind.ENTERPRISE, place=province
    )
    leader = make_user("leader-a")
    member = make_user("member-a")
    leader_a = make_member(
        team_a,
        "Nông Văn Mẫu",
        "+84900000001",
        role=TeamRole.LEADER,
        user=leader,
        affiliations=(AffiliationKind.YOUTH_UNION,),
    )
    member_a = make_member(team_a, "Hoàng Thị Thử", "+84900000002", user=member)
    member_b = make_member(
        team_b, "Lục Văn Demo", "+84900000003", affiliations=(AffiliationKind.ENTERPRISE,)
    )
    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        hamlet_a1=hamlet_a1,
        hamlet_a2=hamlet_a2,
        hamlet_b1=hamlet_b1,
        team_a=team_a,
        team_a2=team_a2,
        team_b=team_b,
        leader_a=leader_a,
        member_a=member_a,
        member_b=member_b,
        enterprise=enterprise,
        province_admin=make_user("admin", role=Role.PROVINCE_ADMIN, place=province),
        officer_a=make_user("officer-a", role=Role.COMMUNE_OFFICER, place=commune_a),
        officer_b=make_user("officer-b", role=Role.COMMUNE_OFFICER, place=commune_b),
        leader=leader,
        member=member,
        spare_b=make_user("spare-b", role=Role.COMMUNE_OFFICER, place=commune_b),
        campaign_all=make_campaign(province, "Chiến dịch toàn tỉnh"),
        campaign_b=make_campaign(province, "Chiến dịch riêng phường B", communes=[commune_b]),
    )


# Browser tests (Playwright driving Debian's Chromium) ------------------------------------------

CHROMIUM = "/usr/bin/chromium"


def require_chromium() -> None:
    """Call at the top of a browser test module: skip it without Debian's Chromium (fail in CI,
    where it must be installed)."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium for the browser tests (see .ci/run)")
        pytest.skip("Debian's chromium is not installed", allow_module_level=True)
    pytest.importorskip("playwright.sync_api")


@pytest.fixture
def browser():
    from playwright import sync_api

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # While Playwright's loop runs, Django keeps this thread's connections apart: close the
        # ones the test opened, or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
