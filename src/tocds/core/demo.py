"""Demo data for Cao Bằng: sample hamlets, teams and members with clearly fictitious people.

Everything is marked `is_sample`. Safe to re-run: existing rows are found and kept, never
duplicated. Real places (the 56 communes) come from `load_places`, which must run first.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tocds.campaigns.models import Campaign, CampaignStatus, Service
from tocds.campaigns.services import (
    add_assignment,
    change_campaign_status,
    save_campaign,
    save_plan,
)
from tocds.core.text import fold
from tocds.people.models import Gender, Organisation, OrganisationKind, Person, Role, RoleGrant
from tocds.places.models import Kind, Level, Place
from tocds.places.services import create_hamlet
from tocds.schools.demo import load_school_demo
from tocds.teams.models import AffiliationKind, Membership, Team, TeamRole
from tocds.teams.services import MemberDetails, add_member, create_team
from tocds.training import services as training
from tocds.training.models import Course, Enrolment
from tocds.visits.sync import sync_visits

DEMO_PASSWORD = "tocds-demo"  # noqa: S105 (documented demo password, demo data only)
PROVINCE = "04"
COMMUNE_A = "01654"  # Xã Hòa An
COMMUNE_B = "01273"  # Phường Thục Phán
OTHER_COMMUNES = ("01279", "01290", "01477", "01807")  # Nùng Trí Cao, Bảo Lâm, Trùng Khánh, …

DEMO_USERS = (
    ("demo-province", "Quản trị tỉnh (mẫu)", Role.PROVINCE_ADMIN, PROVINCE),
    ("demo-commune-a", "Cán bộ xã A (mẫu)", Role.COMMUNE_OFFICER, COMMUNE_A),
    ("demo-commune-b", "Cán bộ xã B (mẫu)", Role.COMMUNE_OFFICER, COMMUNE_B),
    ("demo-leader", "Tổ trưởng (mẫu)", None, None),
    ("demo-member", "Thành viên (mẫu)", None, None),
    # The school programme's logins; their grants name an organisation (tocds.schools.demo).
    ("demo-teacher", "Giáo viên trường THCS (mẫu)", None, None),
    ("demo-education", "Cán bộ Sở Giáo dục và Đào tạo (mẫu)", None, None),
)

_FAMILY = ("Nông", "Hoàng", "Lục", "Bế", "Đàm", "Lương", "Triệu", "Nguyễn", "Lý", "Hà")
_MIDDLE = {Gender.MALE: ("Văn", "Đức", "Minh"), Gender.FEMALE: ("Thị", "Thu", "Ngọc")}
_GIVEN = ("Mẫu", "Thử", "Demo")


@dataclass
class DemoSummary:
    hamlets: int = 0
    teams: int = 0
    members: int = 0
    users: int = 0

    def __str__(self) -> str:
        return (
            f"new sample hamlets {self.hamlets}, teams {self.teams}, members {self.members}, "
            f"users {self.users}"
        )


def _user(username: str, full_name: str, summary: DemoSummary):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        summary.users += 1
    return user


def _organisation(name: str, kind: str, place: Place) -> Organisation:
    organisation = Organisation.objects.filter(
        kind=kind, place=place, search_name=fold(name)
    ).first()
    return organisation or Organisation.objects.create(
        name=name, kind=kind, place=place, is_sample=True
    )


def _hamlets(commune: Place, count: int, summary: DemoSummary) -> list[Place]:
    kinds = (Kind.TO_DAN_PHO,) if commune.kind == Kind.PHUONG else (Kind.XOM, Kind.THON, Kind.BAN)
    hamlets = []
    for n in range(1, count + 1):
        kind = kinds[n % len(kinds)]
        name = f"{Kind(kind).label.capitalize()} Mẫu {n}"
        hamlet = Place.objects.current().filter(parent=commune, search_name=fold(name)).first()
        if hamlet is None:
            hamlet = create_hamlet(
                commune=commune, name=name, kind=kind, is_sample=True, source="demo"
            )
            summary.hamlets += 1
        hamlets.append(hamlet)
    return hamlets


def _phone(serial: int) -> str:
    """Fictitious numbers 0900 00x xxx: valid in form, obviously not anyone's."""
    return f"+8490000{serial:04d}"


def _team_with_members(
    *,
    actor,
    place: Place,
    rng: random.Random,
    serial: list[int],
    enterprises: list[Organisation],
    summary: DemoSummary,
    size: int,
) -> Team:
    # Every random draw happens whether or not the row exists, so re-runs draw the same values.
    decision_number = f"{rng.randint(10, 300)}/QĐ-UBND"
    decision_date = date(2024, rng.randint(1, 9), rng.randint(1, 28))
    team = Team.objects.active().filter(place=place).first()
    if team is None:
        team = create_team(
            actor=actor,
            place=place,
            name=f"Tổ CĐS {place.name}",
            decision_number=decision_number,
            decision_date=decision_date,
            is_sample=True,
        )
        summary.teams += 1
    for index in range(size):
        serial[0] += 1
        phone = _phone(serial[0])
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        kinds: list[str] = []
        if rng.random() < 0.45:
            kinds.append(AffiliationKind.YOUTH_UNION)
        if index == 1:
            kinds.append(AffiliationKind.HAMLET_HEAD)
        if index == 2:
            kinds.append(AffiliationKind.POLICE)
        enterprise = None
        if rng.random() < 0.15:
            kinds.append(AffiliationKind.ENTERPRISE)
            enterprise = rng.choice(enterprises)
        full_name = (
            f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE[gender])} {rng.choice(_GIVEN)} {serial[0]}"
        )
        birth_year = rng.randint(1965, 2006)
        if Person.objects.filter(phone=phone).exists():
            continue
        add_member(
            actor=actor,
            team=team,
            details=MemberDetails(
                full_name=full_name,
                phone=phone,
                gender=gender,
                birth_year=birth_year,
                role=TeamRole.LEADER if index == 0 else TeamRole.MEMBER,
                affiliations=tuple(kinds),
                enterprise=enterprise,
            ),
            joined_on=team.decision_date or date(2024, 10, 1),
            is_sample=True,
        )
        summary.members += 1
    return team


@transaction.atomic
def load_demo() -> DemoSummary:
    province = Place.objects.current().filter(code=PROVINCE, level=Level.PROVINCE).first()
    if province is None:
        raise LookupError("Load places first: tocds load_places")
    summary = DemoSummary()
    users = {}
    for username, full_name, role, place_code in DEMO_USERS:
        user = _user(username, full_name, summary)
        users[username] = user
        if role:
            place = Place.objects.current().get(code=place_code)
            RoleGrant.objects.get_or_create(user=user, role=role, place=place, revoked_at=None)
    actor = users["demo-province"]
    _organisation(
        "Sở Khoa học và Công nghệ tỉnh Cao Bằng", OrganisationKind.PROVINCE_AGENCY, province
    )
    _organisation("Tỉnh Đoàn Cao Bằng", OrganisationKind.YOUTH_UNION, province)
    enterprises = [
        _organisation("Doanh nghiệp bưu chính (mẫu)", OrganisationKind.ENTERPRISE, province),
        _organisation("Doanh nghiệp viễn thông (mẫu)", OrganisationKind.ENTERPRISE, province),
    ]
    rng = random.Random(2521)
    serial = [0]
    communes = [COMMUNE_A, COMMUNE_B, *OTHER_COMMUNES]
    leader_team = None
    for code in communes:
        commune = Place.objects.current().get(code=code)
        _organisation(f"UBND {commune.name}", OrganisationKind.COMMUNE_COMMITTEE, commune)
        hamlets = _hamlets(commune, 6 if code in (COMMUNE_A, COMMUNE_B) else 4, summary)
        # The last hamlet of each commune has no team yet, so coverage is not a flat 100%.
        for hamlet in hamlets[:-1]:
            team = _team_with_members(
                actor=actor,
                place=hamlet,
                rng=rng,
                serial=serial,
                enterprises=enterprises,
                summary=summary,
                size=rng.randint(4, 8),
            )
            leader_team = leader_team or team
    _link(users["demo-leader"], leader_team, TeamRole.LEADER)
    _link(users["demo-member"], leader_team, TeamRole.MEMBER)
    _campaign(actor, province, [Place.objects.current().get(code=c) for c in communes], rng)
    _training(actor, province, Place.objects.current().get(code=COMMUNE_A), leader_team, users)
    load_school_demo(
        province=province,
        commune_a=Place.objects.current().get(code=COMMUNE_A),
        commune_b=Place.objects.current().get(code=COMMUNE_B),
        users=users,
    )
    return summary


DEMO_COURSE = "Lớp kỹ năng số cho Tổ CĐS xã Hòa An (mẫu)"


def _training(actor, province: Place, commune: Place, team: Team, users: dict) -> None:
    """Training (issue 5): plans of the province and of commune A for this year, a commune
    course with a session held last week (sign-in sheet entered, ratings) and one running now
    (the leader is its trainer: the QR code works), and a province course for DX Day 10/10."""
    if Course.objects.filter(title=DEMO_COURSE).exists():
        return
    today = timezone.localdate()
    year = (date(today.year, 1, 1), date(today.year, 12, 31))
    targets = {"officials": 40, "civil_servants": 120, "team_members": 800, "citizens": 5000}
    province_plan = training.save_plan(
        actor=actor,
        plan=None,
        place=province,
        name=f"Kế hoạch tập huấn chuyển đổi số năm {today.year} (mẫu)",
        starts_on=year[0],
        ends_on=year[1],
        targets=targets,
    )
    training.save_plan(
        actor=actor,
        plan=None,
        place=commune,
        name=f"Kế hoạch tập huấn xã Hòa An năm {today.year} (mẫu)",
        starts_on=year[0],
        ends_on=year[1],
        targets={"officials": 5, "civil_servants": 10, "team_members": 60, "citizens": 400},
    )
    course = training.save_course(
        actor=actor,
        course=None,
        place=commune,
        title=DEMO_COURSE,
        topics=["public_services", "payment", "safety"],
        description="Hai buổi: dịch vụ công trực tuyến và VNeID; thanh toán an toàn.",
        plan=province_plan,
        is_sample=True,
    )
    now = timezone.now().replace(second=0, microsecond=0)
    held = training.save_session(
        actor=actor,
        session=None,
        course=course,
        title="Buổi 1: Dịch vụ công trực tuyến và VNeID",
        starts_at=now - timedelta(days=7),
        ends_at=now - timedelta(days=7) + timedelta(hours=2),
        capacity=30,
        audience="everyone",
        venue="Hội trường UBND xã Hòa An",
        trainer_name="Cán bộ văn hoá - xã hội xã (mẫu)",
    )
    running = training.save_session(
        actor=actor,
        session=None,
        course=course,
        title="Buổi 2: Thanh toán trực tuyến an toàn",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(minutes=90),
        capacity=30,
        audience="everyone",
        venue="Nhà văn hoá xóm (mẫu)",
        trainer=users["demo-leader"],
        trainer_name="Tổ trưởng (mẫu)",
    )
    members = list(Membership.objects.active().filter(team=team).select_related("person"))
    for session in (held, running):
        training.enrol_team(actor=actor, session=session, team=team)
    for n, name in enumerate(("Triệu Thị Dân Mẫu", "Lý Văn Dân Mẫu"), start=1):
        citizen = Person.objects.get_or_create(
            phone=f"+8490009{n:04d}", defaults={"full_name": name, "is_sample": True}
        )[0]
        training.enrol_person(actor=actor, session=held, person=citizen, audience="citizens")
    sheet = {
        e.pk: n % 4 != 3
        for n, e in enumerate(Enrolment.objects.filter(session=held).order_by("pk"))
    }
    training.record_sheet(actor=actor, session=held, marks=sheet)
    for n, membership in enumerate(members):
        user = membership.person.user
        if user is not None and sheet.get(
            Enrolment.objects.get(session=held, person=membership.person).pk
        ):
            training.rate_session(
                actor=user, session=held, rating=4 + n % 2, comment="Dễ hiểu, thực hành ngay."
            )
    dx_day = training.save_course(
        actor=actor,
        course=None,
        place=province,
        title="Tập huấn an toàn thông tin mạng dịp Ngày Chuyển đổi số 10/10 (mẫu)",
        topics=["network_security", "safety"],
        dx_day=True,
        campaign=Campaign.objects.filter(name=DEMO_CAMPAIGN).first(),
        min_sessions=1,
        is_sample=True,
    )
    training.save_session(
        actor=actor,
        session=None,
        course=dx_day,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=3),
        capacity=200,
        audience="team_members",
        venue="Trung tâm Hội nghị tỉnh (mẫu)",
        online_url="https://example.invalid/hop-truc-tuyen",
    )
    training.record_external(
        actor=actor,
        place=commune,
        full_name=members[0].person.full_name,
        phone=members[0].person.phone,
        audience="team_members",
        programme="Bình dân học vụ số",
        organiser="Bộ Khoa học và Công nghệ",
        topic="public_services",
        taken_on=today - timedelta(days=20),
        completed=True,
    )


DEMO_CAMPAIGN = "Chiến dịch mẫu “Đi từng ngõ, gõ từng nhà”"


def _campaign(actor, province: Place, communes: list[Place], rng: random.Random) -> None:
    """An open campaign around today, with plans, assignments and a few hundred visits
    recorded through the sync service (so tallies and quality flags are real)."""
    if Campaign.objects.filter(name=DEMO_CAMPAIGN).exists():
        return
    today = timezone.localdate()
    campaign = save_campaign(
        actor=actor,
        campaign=None,
        province=province,
        name=DEMO_CAMPAIGN,
        slogan="Hướng dẫn từng người dân sử dụng dịch vụ số",
        starts_on=today - timedelta(days=6),
        ends_on=today + timedelta(days=3),
        whole_province=True,
        communes=[],
        services=list(Service.objects.active()),
        households_target=1500,
        people_target=3000,
    )
    change_campaign_status(actor=actor, campaign=campaign, to=CampaignStatus.OPEN)
    codes = list(Service.objects.active().values_list("code", flat=True))
    for commune in communes:
        plan = save_plan(
            actor=actor,
            campaign=campaign,
            commune=commune,
            households_target=250,
            people_target=500,
        )
        teams = Team.objects.active().filter(place__commune=commune).select_related("place")
        for team in teams:
            add_assignment(
                actor=actor,
                plan=plan,
                team=team,
                hamlet=team.place,
                starts_on=campaign.starts_on,
                ends_on=campaign.ends_on,
            )
            records = []
            for n in range(rng.randint(5, 25)):
                day = campaign.starts_on + timedelta(days=rng.randint(0, 5))  # until yesterday
                at = datetime.combine(day, time(rng.randint(7, 18), rng.randint(0, 59)))
                people = rng.choice((1, 1, 2, 2, 3, 4))
                chosen = rng.sample(codes, rng.randint(1, 3))
                records.append(
                    {
                        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "campaign_id": campaign.pk,
                        "team_id": team.pk,
                        "hamlet_code": team.place.code,
                        "household": f"Số {n + 1}",
                        "people_guided": people,
                        "recorded_at": timezone.make_aware(at).isoformat(),
                        "services": [
                            {
                                "code": code,
                                "people": rng.randint(1, people),
                                "outcome": rng.choice(("done", "done", "done", "follow_up")),
                            }
                            for code in chosen
                        ],
                    }
                )
            sync_visits(actor=actor, records=records)


def _link(user, team: Team, role: str) -> None:
    """Attach a demo account to the first active member of `team` with `role`."""
    if Person.objects.filter(user=user).exists():
        return
    membership = (
        Membership.objects.active()
        .filter(team=team, role=role, person__user__isnull=True)
        .order_by("pk")
        .first()
    )
    membership.person.user = user
    membership.person.save(update_fields=["user"])
