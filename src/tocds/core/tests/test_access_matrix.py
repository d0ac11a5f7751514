"""The access matrix: every registered endpoint × every persona × own / other-commune objects.

`POLICY` classifies each URL name. A URL the project registers that is missing here fails
`test_every_endpoint_is_in_the_policy_table`. Each case says which personas may reach the
endpoint (status `ok`); everyone else signed in gets 404 (we never confirm that an object of
another commune exists), and anonymous visitors are sent to sign in (or get 401 from the API).
Responses of allowed personas are also searched for names they must not see.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axes.utils import reset as reset_attempts
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from tocds.conftest import World

TEAM_SIDE = ("province_admin", "officer_a", "officer_b", "leader", "member")
# The school programme's personas (tocds.schools.tests.factories): a teacher of a school in
# commune A, one of a school in commune B, the Department of Education's officer.
SCHOOL_SIDE = ("teacher", "teacher_b", "education_officer")
# The recognition personas (movements and honours): the provincial Youth Union officer, the
# Department of Science and Technology, the Department of Home Affairs, the Chairman's office.
# They are asked on the recognition apps' endpoints (`RECOGNITION_URLS`); elsewhere their
# roles read what an agency officer reads, which the teams' side already covers.
RECOGNITION_SIDE = ("youth", "dost", "home_affairs", "chairman")
RECOGNITION_URLS = (
    "movements:",
    "honours:",
    "initiatives:",
    "api:movement",
    "api:honour",
    "tracker:",
)
# The outreach and partners personas: an editor of the provincial newspaper, the officers of
# two enterprises (`partner`'s enterprise has staff in the teams). Asked on the endpoints of
# `OUTREACH_URLS`.
OUTREACH_SIDE = ("media", "partner", "partner_b")
OUTREACH_URLS = ("outreach:", "partners:", "public:", "api:outreach", "api:offer", "api:partner")
PERSONAS = (*TEAM_SIDE, *SCHOOL_SIDE, *RECOGNITION_SIDE, *OUTREACH_SIDE, "anonymous")
SIGNED_IN = TEAM_SIDE  # the teams' side; school personas are named where they are allowed
ANY_ACCOUNT = (*TEAM_SIDE, *SCHOOL_SIDE)  # endpoints open to every signed-in account


@dataclass
class Case:
    path: Callable[[World], str]
    allowed: tuple[str, ...]  # personas for whom the endpoint answers `ok`
    method: str = "get"
    ok: int = 200
    denied: int = 404  # what signed-in personas outside `allowed` get
    anonymous: int = 302  # what an anonymous visitor gets when not in `allowed`
    data: dict = field(default_factory=dict)
    # persona -> texts that must not appear in that persona's response
    hidden: Callable[[World], dict[str, list[str]]] | None = None
    status_for: dict[str, int] = field(default_factory=dict)  # explicit exceptions


def plan_b(w: World):
    from tocds.campaigns.models import CommunePlan

    return CommunePlan.objects.get_or_create(campaign=w.campaign_all, commune=w.commune_b)[0]


def assignment_b(w: World):
    from tocds.campaigns.models import Assignment

    return Assignment.objects.get_or_create(
        plan=plan_b(w),
        team=w.team_b,
        hamlet=w.hamlet_b1,
        starts_on=w.campaign_all.starts_on,
        ends_on=w.campaign_all.ends_on,
    )[0]


def first_service():
    from tocds.campaigns.models import Service

    return Service.objects.order_by("pk").first()


VISIT_B_HOUSEHOLD = "Hộ kiểm tra phường B"


def visit_b(w: World):
    """A flagged visit of team B (commune B) in the open whole-province campaign, with a
    conflicting copy sent for it."""
    import uuid

    from tocds.campaigns.models import CampaignStatus
    from tocds.visits.models import Visit
    from tocds.visits.sync import sync_visits

    existing = Visit.objects.filter(household=VISIT_B_HOUSEHOLD).first()
    if existing:
        return existing
    w.campaign_all.status = CampaignStatus.OPEN
    w.campaign_all.save(update_fields=["status"])
    record = {
        "uuid": str(uuid.uuid4()),
        "campaign_id": w.campaign_all.pk,
        "team_id": w.team_b.pk,
        "hamlet_code": w.hamlet_b1.code,
        "household": VISIT_B_HOUSEHOLD,
        "people_guided": 40,  # improbable: flagged
        "recorded_at": "2026-10-03T09:00:00+07:00",
    }
    sync_visits(actor=w.province_admin, records=[record])
    sync_visits(  # a conflict
        actor=w.province_admin, records=[{**record, "people_guided": 41}]
    )
    return Visit.objects.get(household=VISIT_B_HOUSEHOLD)


def report_of(w: World, commune_attr: str):
    from tocds.reports.services import start_report

    officer = w.officer_a if commune_attr == "commune_a" else w.officer_b
    return start_report(actor=officer, campaign=w.campaign_all, commune=getattr(w, commune_attr))


def province_report_path(w: World) -> str:
    """The province report's transition URL, with the draft started by the province."""
    from tocds.reports.province import start_province_report

    start_province_report(actor=w.province_admin, campaign=w.campaign_all)
    return f"/reports/campaigns/{w.campaign_all.pk}/province/transition/"


def first_indicator():
    from tocds.reports.models import Indicator

    return Indicator.objects.order_by("pk").first()


def certificate_code(w: World) -> str:
    from tocds.certificates.models import Certificate
    from tocds.certificates.services import issue_certificate

    existing = Certificate.objects.filter(title="Chứng nhận kiểm tra").first()
    return (existing or issue_certificate(kind="learning", title="Chứng nhận kiểm tra")).code


# Training --------------------------------------------------------------------------------------


def tw(w: World, key: str):
    """Training objects (built once per test): course_a/session_a (commune A, open to everyone,
    member A enrolled), course_b/session_b (commune B, officials, member B enrolled),
    course_p/session_p (the province, team members), plans of the province and of commune B."""
    from tocds.training.tests.factories import training_world

    return training_world(w)[key]


def training_plan(w: World, level: str):
    from datetime import date

    from tocds.training.models import TrainingPlan

    place = w.province if level == "province" else w.commune_b
    return TrainingPlan.objects.get_or_create(
        place=place,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        defaults={"name": f"Kế hoạch tập huấn {place.name}"},
    )[0]


def training_enrolment(w: World, key: str):
    from tocds.training.models import Enrolment

    return Enrolment.objects.get(session=tw(w, key))


def training_hidden(w: World) -> dict[str, list[str]]:
    """Commune A's people must not see commune B's course for officials or its trainee."""
    b_side = [tw(w, "course_b").title, w.member_b.person.full_name]
    return {"officer_a": b_side, "leader": b_side, "member": b_side, "anonymous": b_side}


def session_list_hidden(w: World) -> dict[str, list[str]]:
    hidden = training_hidden(w)
    session_b = tw(w, "session_b").title
    return {**{k: [*v, session_b] for k, v in hidden.items()}, "officer_b": []}


def learning_content(w: World) -> None:
    """The learning app's test content (two skills, three lessons), loaded once."""
    from tocds.learning.content import load_content
    from tocds.learning.models import Skill
    from tocds.learning.tests.conftest import FIXTURE

    if not Skill.objects.exists():
        load_content(FIXTURE)


def learning_attempt(w: World) -> str:
    """A failed self-check (no certificate may be issued for it)."""
    from tocds.learning.models import Attempt, Skill
    from tocds.learning.services import record_attempt

    learning_content(w)
    attempt = Attempt.objects.first() or record_attempt(
        skill=Skill.objects.get(code="safety"), answers={}
    )
    return str(attempt.key)


def lesson_version(w: World) -> int:
    from tocds.learning.models import Lesson

    learning_content(w)
    return Lesson.objects.get(code="at-otp").published_id


def learned(path: str):
    return lambda w: (learning_content(w), path)[1]


def recording(w: World, *, published: bool):
    """A step's recording of the OTP lesson: of its published version, or of a draft."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tocds.learning.models import Language, Lesson, StepAudio
    from tocds.learning.services import start_draft
    from tocds.learning.tests.opus_fixture import silence

    learning_content(w)
    lesson = Lesson.objects.get(code="at-otp")
    version = lesson.published if published else start_draft(actor=w.province_admin, lesson=lesson)
    language = Language.objects.get_or_create(code="tyz", defaults={"name": "Tiếng Tày"})[0]
    existing = StepAudio.objects.filter(version=version).first()
    if existing:
        return existing
    data = silence()
    item = StepAudio(
        version=version,
        position=1,
        language=language,
        content_type="audio/ogg",
        size=len(data),
        digest="a" * 64,
        text_digest="",
    )
    item.file.name = default_storage.save("learning/audio/matrix.ogg", ContentFile(data))
    item.save()
    return item


# School programme ----------------------------------------------------------------------------


def sch(w: World):
    from tocds.schools.tests.factories import school_world

    return school_world(w)


def class_of(w: World, side: str):
    return sch(w).class_a if side == "a" else sch(w).class_b


def delivery_of(w: World, side: str):
    """A planned lesson of class A (teacher) or class B (teacher_b)."""
    from tocds.schools.models import Delivery
    from tocds.schools.services import school_year_bounds

    school_class = class_of(w, side)
    return Delivery.objects.get_or_create(
        school_class=school_class,
        plan=sch(w).plan,
        date=school_year_bounds(school_class.school_year)[0],
        defaults={"created_by": school_class.teacher},
    )[0]


def quiz_of(w: World, side: str):
    """An open class quiz of class A (code 100001) or class B (code 100002)."""
    from datetime import timedelta

    from django.utils import timezone

    from tocds.schools.models import ClassQuiz

    school_class = class_of(w, side)
    return ClassQuiz.objects.get_or_create(
        code="100001" if side == "a" else "100002",
        defaults={
            "school_class": school_class,
            "skill": sch(w).skill,
            "opened_by": school_class.teacher,
            "closes_at": timezone.now() + timedelta(days=1),
        },
    )[0]


def schools_hidden(w: World) -> dict[str, list[str]]:
    """Commune A's people must not see commune B's school, and vice versa; a teacher never
    sees a colleague's class."""
    s = sch(w)
    return {
        "officer_a": [s.school_b.name],
        "officer_b": [s.school_a.name],
        "teacher": [s.school_b.name, f"/schools/classes/{s.colleague_class.pk}/"],
        "teacher_b": [s.school_a.name],
    }


def quiz_page_hidden(w: World) -> dict[str, list[str]]:
    """The students' pages never show the school or the class."""
    s = sch(w)
    return {persona: [s.school_a.name, s.school_b.name] for persona in PERSONAS}


TEACHER_A = ("teacher",)
TEACHER_B = ("teacher_b",)
FIGURE_READERS = ("province_admin", "officer_a", "officer_b", "education_officer")


# Models and initiatives (issue 15 §1) -------------------------------------------------------

INITIATIVE_B = "Tổ dân phố số kiểm tra"


def initiative_b(w: World):
    """A model of commune B (made once per test), with its person in charge named."""
    from datetime import date

    from tocds.initiatives.models import Initiative
    from tocds.initiatives.services import save_initiative

    existing = Initiative.objects.filter(name=INITIATIVE_B).first()
    return existing or save_initiative(
        actor=w.officer_b,
        initiative=None,
        name=INITIATIVE_B,
        kind="model",
        place=w.hamlet_b1,
        extra_hamlets=[],
        skills=["payment"],
        people="Người Phụ Trách Kiểm Tra",
        starts_on=date(2026, 10, 1),
    )


def initiative_figure_b(w: World):
    from decimal import Decimal

    from tocds.initiatives.services import add_figure

    initiative = initiative_b(w)
    return initiative.figures.first() or add_figure(
        actor=w.officer_b, initiative=initiative, label="Cửa hàng QR", value=Decimal(3)
    )


def initiative_evidence_b(w: World):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tocds.initiatives.services import add_evidence

    initiative = initiative_b(w)
    return initiative.evidence.first() or add_evidence(
        actor=w.officer_b,
        initiative=initiative,
        title="Ảnh kiểm tra",
        upload=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
    )


def initiative_b_hidden(w: World) -> dict[str, list[str]]:
    return {"officer_a": [INITIATIVE_B]}


# Emulation movements (issue 15 §2) --------------------------------------------------------------

MOVEMENT_B = "Phong trào riêng phường B kiểm tra"


def movement_b(w: World):
    """A running movement of commune B only (made once per test): team B and a member of it
    who did not consent to be named publicly, a hand-scored criterion with evidence."""
    from datetime import date
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tocds.movements import services
    from tocds.movements.models import Movement
    from tocds.people.models import Organisation, OrganisationKind

    existing = Movement.objects.filter(name=MOVEMENT_B).first()
    if existing is not None:
        return existing
    organiser = Organisation.objects.get_or_create(
        name="Đoàn phường B kiểm tra", kind=OrganisationKind.YOUTH_UNION, place=w.commune_b
    )[0]
    movement = services.save_movement(
        actor=w.province_admin,
        movement=None,
        name=MOVEMENT_B,
        organiser=organiser,
        province=w.province,
        communes=[w.commune_b],
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 10, 31),
    )
    services.save_criterion(
        actor=w.province_admin,
        movement=movement,
        name="Số hộ",
        kind="measured",
        measure="households",
        weight=Decimal(1),
    )
    criterion = services.save_criterion(
        actor=w.province_admin,
        movement=movement,
        name="Sáng tạo",
        kind="manual",
        weight=Decimal(1),
        max_points=Decimal(10),
    )
    team = services.add_participant(actor=w.province_admin, movement=movement, team=w.team_b)
    services.add_participant(actor=w.province_admin, movement=movement, person=w.member_b.person)
    services.change_status(actor=w.province_admin, movement=movement, action="launch")
    services.save_score(
        actor=w.province_admin,
        criterion=criterion,
        participant=team,
        points=Decimal(5),
        evidence=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
    )
    return movement


def movement_b_participant(w: World, kind: str):
    """Movement B's team (or individual) participant, added again when a case removed it."""
    from tocds.movements import services

    movement = movement_b(w)
    found = movement.participants.filter(kind=kind).first()
    if found is not None:
        return found
    if kind == "team":
        return services.add_participant(actor=w.province_admin, movement=movement, team=w.team_b)
    return services.add_participant(
        actor=w.province_admin, movement=movement, person=w.member_b.person
    )


def movement_b_criterion(w: World):
    return movement_b(w).criteria.first()


def movement_b_score(w: World):
    from tocds.movements.models import ManualScore

    return ManualScore.objects.get(criterion__movement=movement_b(w))


MOVEMENT_READERS = (
    "province_admin",
    "officer_a",
    "officer_b",
    "youth",
    "dost",
    "home_affairs",
    "chairman",
)
MOVEMENT_B_READERS = ("province_admin", "officer_b", "youth", "dost", "home_affairs", "chairman")
MOVEMENT_MANAGERS = ("province_admin", "youth")


# Outreach (issue 16 §1, §2) ------------------------------------------------------------------

OUTREACH_READERS = ("province_admin", "officer_a", "officer_b", "media")
EVENT_RUNNERS = ("province_admin", "officer_a", "officer_b")
OUTREACH_ITEM_B = "Phát thanh Phường Thục Phán"
OUTREACH_ITEM_A = "Phát thanh Xã Hòa An"
OUTREACH_NEWS = "Tin mẫu"


def outreach_item_b(w: World, *, with_file: bool = False):
    """Commune B's loudspeaker broadcast (with a PNG file when asked)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tocds.outreach.models import Item
    from tocds.outreach.services import save_item
    from tocds.outreach.tests.factories import commune_item

    item = Item.objects.filter(title=OUTREACH_ITEM_B).first() or commune_item(w, "commune_b")
    if with_file and not item.file:
        from tocds.outreach.tests.test_items import PNG, _details_of

        save_item(
            actor=w.officer_b,
            item=item,
            details=_details_of(item),
            upload=SimpleUploadedFile("a.png", PNG, "image/png"),
        )
    return item


def outreach_items(w: World) -> None:
    """Commune A's and B's broadcasts and the newspaper's news, made before the request."""
    from tocds.outreach.models import Item
    from tocds.outreach.tests.factories import commune_item, log_item

    if not Item.objects.filter(title=OUTREACH_ITEM_A).exists():
        commune_item(w, "commune_a")
    outreach_item_b(w)
    if not Item.objects.filter(title=OUTREACH_NEWS).exists():
        log_item(w)


def outreach_news(w: World):
    from tocds.outreach.models import Item

    outreach_items(w)
    return Item.objects.get(title=OUTREACH_NEWS)


def public_news_item(w: World):
    """The newspaper's item, made public by the province (once per test)."""
    from tocds.outreach.services import set_public

    item = outreach_news(w)
    return item if item.is_public else set_public(actor=w.province_admin, item=item, public=True)


def outreach_hidden(w: World) -> dict[str, list[str]]:
    """Item titles and outlets a persona must not read (the items made before the request)."""
    outreach_items(w)
    a_side = [OUTREACH_ITEM_A, f"Đài truyền thanh {w.commune_a.name}"]
    b_side = [OUTREACH_ITEM_B, f"Đài truyền thanh {w.commune_b.name}"]
    news = [OUTREACH_NEWS, "Báo mẫu"]
    return {
        "officer_a": [*b_side, *news, w.campaign_b.name],
        "officer_b": [*a_side, *news],
        "media": [*a_side, *b_side],
        **{p: [*a_side, *b_side, *news] for p in (*ANY_ACCOUNT[3:], "partner", "partner_b")},
    }


def outreach_event_b(w: World):
    from tocds.outreach.models import Event
    from tocds.outreach.tests.factories import make_event

    return Event.objects.filter(place=w.commune_b).first() or make_event(
        w, place=w.commune_b, actor=w.officer_b, name="Ngày hội số Thục Phán"
    )


def outreach_booth_b(w: World):
    from tocds.outreach.services import add_booth

    return add_booth(actor=w.officer_b, event=outreach_event_b(w), organisation=w.enterprise)


# Partners (issue 16 §4) ------------------------------------------------------------------------

PARTNER_OFFER = "Gói data 4G cho thành viên tổ (kiểm tra)"
PARTNER_OFFER_B = "Ưu đãi chỉ phường B (kiểm tra)"
PARTNER_READERS = ("province_admin", "partner", "partner_b")  # offers and their uptake


def partner_offer(w: World):
    """`partner`'s published offer for the whole province (once per test), and one for commune
    B only."""
    from tocds.partners.models import Offer
    from tocds.partners.tests.factories import make_offer

    found = Offer.objects.filter(service=PARTNER_OFFER).first()
    if found is None:
        make_offer(w, service=PARTNER_OFFER_B, communes=[w.commune_b])
        found = make_offer(w, service=PARTNER_OFFER)
    return found


def partner_code(w: World) -> str:
    """Member A's code for `partner`'s offer (claimed once per test)."""
    from tocds.partners import services
    from tocds.partners.models import Redemption

    offer = partner_offer(w)
    found = Redemption.objects.filter(offer=offer, person=w.member_a.person).first()
    return (found or services.claim(actor=w.member, offer=offer)).code


def partner_staff(w: World) -> None:
    from tocds.partners.tests.factories import tag_staff

    tag_staff(w)


def partner_hidden(w: World) -> dict[str, list[str]]:
    """The other enterprise never reads `partner`'s offer, its staff or its codes' holders."""
    partner_offer(w)
    secrets = [PARTNER_OFFER, w.member_b.person.full_name, w.member_a.person.full_name]
    return {"partner_b": secrets, "partner": ["Ma Thị Khác"]}


# Notifications and background jobs (issue 17 §3–§4) ------------------------------------------

NOTIFICATION_B_TEXT = "Thông báo riêng của cán bộ phường B"


def notification_b(w: World):
    """A notification of commune B's officer (one per test)."""
    from tocds.notifications.models import Kind, Notification
    from tocds.notifications.services import Event, notify

    return Notification.objects.filter(user=w.officer_b).first() or notify(
        user=w.officer_b,
        event=Event(kind=Kind.CONFLICT_OPEN, subject="test:b", link="/", text=NOTIFICATION_B_TEXT),
        day=w.campaign_all.starts_on,
    )


# The directive tracker (issue 17 §1) ---------------------------------------------------------

# Who reads the tracker of the whole province; the communes' officers read their commune's.
TRACKER_PROVINCE = (
    "province_admin",
    "chairman",
    "dost",
    "youth",
    "home_affairs",
    "education_officer",
)
TRACKER_B = (*TRACKER_PROVINCE, "officer_b")
# Commune B's officers: sent from the overview to their commune.
TRACKER_COMMUNE_OFFICERS = {"officer_a": 302, "officer_b": 302}


def tracker(w: World):
    """Directive 2521 loaded into the test province and its October 2026 month."""
    from tocds.tracker.tests.factories import directive, period

    directive(w)
    return period(w)


def tracker_clause(w: World, code: str) -> int:
    from tocds.tracker.tests.factories import clause

    tracker(w)
    return clause(w, code).pk


def tracker_b(w: World) -> str:
    """The query string of commune B in October 2026."""
    return f"place={w.commune_b.code}&period={tracker(w).pk}"


def tracker_indicator(w: World, code: str) -> int:
    from tocds.tracker.tests.factories import clause

    return clause(w, code).indicators.first().pk


def tracker_evidence_b(w: World) -> int:
    """Evidence of a figure entered by commune B (made once per test)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tocds.tracker import services
    from tocds.tracker.models import Evidence
    from tocds.tracker.tests.factories import clause

    found = Evidence.objects.filter(figure__place=w.commune_b).first()
    if found is not None:
        return found.pk
    october = tracker(w)
    services.enter_figure(
        actor=w.officer_b,
        indicator=clause(w, "D4.5").indicators.get(),
        place=w.commune_b,
        period=october,
        value=3,
        upload=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
    )
    return Evidence.objects.get(figure__place=w.commune_b).pk


def tracker_report_b(w: World) -> int:
    """Commune B's report for October 2026 (a draft)."""
    from tocds.tracker import reporting

    return reporting.start_report(actor=w.officer_b, period=tracker(w), commune=w.commune_b).pk


def tracker_post_case(name: str, code: str, allowed, data: dict) -> Case:
    """A write on a clause at commune B (302 back to the clause for those allowed)."""
    return Case(
        lambda w: f"/tracker/clauses/{tracker_clause(w, code)}/{name}/?{tracker_b(w)}",
        allowed,
        method="post",
        ok=302,
        data=data,
    )


def everyone(path, **kw) -> list[Case]:
    return [Case(path, PERSONAS, **kw)]


def team_b_hidden(w: World) -> dict[str, list[str]]:
    """Commune A's people must not see commune B's team or members, and vice versa."""
    a_side = [w.team_b.name, w.member_b.person.full_name]
    b_side = [w.team_a.name, w.leader_a.person.full_name, w.member_a.person.full_name]
    return {
        "officer_a": a_side,
        "leader": [*a_side, w.team_a2.name],
        "member": [*a_side, w.team_a2.name],
        "officer_b": b_side,
    }


COMMUNE_NAMES_HIDDEN = {"officer_a": ["Phường Thục Phán"], "officer_b": ["Xã Hòa An"]}

A_SIDE = ("province_admin", "officer_a")
B_SIDE = ("province_admin", "officer_b")
OFFICERS = ("province_admin", "officer_a", "officer_b")
FIELD_USERS = ("province_admin", "leader", "member")  # who may record visits
ADMIN = ("province_admin",)


# Honours (issue 15 §3) ----------------------------------------------------------------------

HONOUR_VIEWERS = (
    "province_admin",
    "officer_a",
    "officer_b",
    "youth",
    "dost",
    "home_affairs",
    "chairman",
)
PROPOSERS = ("province_admin", "officer_a", "officer_b", "youth")
ROUND_MANAGERS = ("province_admin", "dost")
# Who reads commune B's proposed nomination: its unit (and the province's administrator) and
# the three offices it has passed through.
NOMINATION_B_READERS = ("province_admin", "officer_b", "dost", "home_affairs", "chairman")


def honour_round(w: World):
    from tocds.honours.models import Round
    from tocds.honours.tests.factories import make_round

    return Round.objects.first() or make_round(w)


def nomination_b(w: World, status: str = "proposed"):
    """Commune B's nomination of its team, brought to `status` (one per status and test)."""
    from tocds.honours.models import Nomination
    from tocds.honours.tests.factories import bring_to, nominate_team

    found = Nomination.objects.filter(status=status, team=w.team_b).first()
    return found or bring_to(w, nominate_team(w, honour_round(w), w.team_b), status)


def honoured_b_hidden(w: World) -> dict[str, list[str]]:
    """Commune A never reads commune B's honours (made before the request)."""
    nomination_b(w, "approved")
    return {"officer_a": [w.team_b.name]}


POLICY: dict[str, list[Case]] = {
    # The team side gets its home (a team's days, a commune's to-dos, the province's overview),
    # never another commune's work; the school side is sent to its classes or figures.
    "home": [
        Case(
            lambda w: (visit_b(w), assignment_b(w), "/")[2],
            PERSONAS,
            status_for=dict.fromkeys(SCHOOL_SIDE, 302),
            hidden=lambda w: {
                persona: [w.team_b.name, w.hamlet_b1.name, w.commune_b.name]
                for persona in ("officer_a", "leader", "member")
            },
        )
    ],
    "healthz": everyone(lambda w: "/healthz"),
    "login": [
        Case(lambda w: "/accounts/login/", PERSONAS, status_for=dict.fromkeys(ANY_ACCOUNT, 302))
    ],
    "logout": everyone(lambda w: "/accounts/logout/", method="post", ok=302),
    "set_language": everyone(
        lambda w: "/i18n/setlang/", method="post", ok=302, data={"language": "en"}
    ),
    "places:search": everyone(lambda w: "/places/search/?q=hoa+an"),
    "places:list": [
        Case(
            lambda w: "/places/",
            OFFICERS,
            status_for={"officer_a": 302, "officer_b": 302},
            hidden=team_b_hidden,
        )
    ],
    "places:detail": [
        Case(lambda w: f"/places/{w.province.code}/", ("province_admin",)),
        Case(lambda w: f"/places/{w.commune_a.code}/", A_SIDE, hidden=team_b_hidden),
        Case(lambda w: f"/places/{w.commune_b.code}/", B_SIDE, hidden=team_b_hidden),
        Case(lambda w: f"/places/{w.hamlet_a1.code}/", A_SIDE),
        Case(lambda w: "/places/99999/", ()),
    ],
    "places:hamlet_add": [
        Case(lambda w: f"/places/{w.commune_a.code}/hamlets/new/", A_SIDE),
        Case(lambda w: f"/places/{w.commune_b.code}/hamlets/new/", B_SIDE),
        Case(lambda w: f"/places/{w.commune_b.code}/hamlets/new/", B_SIDE, method="post"),
        Case(lambda w: f"/places/{w.hamlet_a1.code}/hamlets/new/", ()),
    ],
    "places:hamlet_edit": [
        Case(lambda w: f"/places/{w.hamlet_a1.code}/edit/", A_SIDE),
        Case(lambda w: f"/places/{w.hamlet_b1.code}/edit/", B_SIDE),
        Case(lambda w: f"/places/{w.hamlet_b1.code}/edit/", B_SIDE, method="post"),
        Case(lambda w: f"/places/{w.commune_a.code}/edit/", ()),
    ],
    "places:hamlet_close": [
        Case(lambda w: f"/places/{w.hamlet_b1.code}/close/", B_SIDE, method="post"),
        Case(lambda w: f"/places/{w.hamlet_a1.code}/close/", A_SIDE, method="post"),
    ],
    "places:coverage_export": [
        Case(lambda w: "/places/coverage.xlsx", OFFICERS, hidden=lambda w: COMMUNE_NAMES_HIDDEN)
    ],
    "places:hamlet_import": [Case(lambda w: "/places/hamlets/import/", OFFICERS)],
    "places:hamlet_template": [Case(lambda w: "/places/hamlets/template.xlsx", OFFICERS)],
    "teams:list": [
        Case(lambda w: "/teams/", SIGNED_IN, hidden=team_b_hidden),
        Case(lambda w: f"/teams/?place={w.commune_b.code}", SIGNED_IN, hidden=team_b_hidden),
        Case(lambda w: "/teams/?q=mau", SIGNED_IN, hidden=team_b_hidden),
    ],
    "teams:create": [Case(lambda w: "/teams/new/", OFFICERS)],
    "teams:import": [Case(lambda w: "/teams/import/", (*OFFICERS, "leader"))],
    "teams:import_template": [
        Case(lambda w: "/teams/import/template.xlsx", (*OFFICERS, "leader"), hidden=team_b_hidden)
    ],
    "teams:export": [
        Case(lambda w: "/teams/export.xlsx", (*OFFICERS, "leader"), hidden=team_b_hidden),
        Case(
            lambda w: f"/teams/export.xlsx?place={w.commune_b.code}",
            (*OFFICERS, "leader"),
            hidden=team_b_hidden,
        ),
    ],
    "teams:detail": [
        Case(lambda w: f"/teams/{w.team_a.pk}/", (*A_SIDE, "leader", "member")),
        Case(lambda w: f"/teams/{w.team_a2.pk}/", A_SIDE),
        Case(lambda w: f"/teams/{w.team_b.pk}/", B_SIDE),
    ],
    "teams:edit": [
        Case(lambda w: f"/teams/{w.team_a.pk}/edit/", A_SIDE),
        Case(lambda w: f"/teams/{w.team_b.pk}/edit/", B_SIDE),
        Case(lambda w: f"/teams/{w.team_b.pk}/edit/", B_SIDE, method="post"),
    ],
    "teams:member_add": [
        Case(lambda w: f"/teams/{w.team_a.pk}/members/new/", (*A_SIDE, "leader")),
        Case(lambda w: f"/teams/{w.team_b.pk}/members/new/", B_SIDE),
        Case(lambda w: f"/teams/{w.team_b.pk}/members/new/", B_SIDE, method="post"),
    ],
    "teams:membership_edit": [
        Case(lambda w: f"/teams/memberships/{w.member_a.pk}/", (*A_SIDE, "leader")),
        Case(lambda w: f"/teams/memberships/{w.member_b.pk}/", B_SIDE),
        Case(lambda w: f"/teams/memberships/{w.member_b.pk}/", B_SIDE, method="post"),
    ],
    "teams:membership_end": [
        Case(lambda w: f"/teams/memberships/{w.member_a.pk}/end/", (*A_SIDE, "leader")),
        Case(lambda w: f"/teams/memberships/{w.member_b.pk}/end/", B_SIDE),
        Case(lambda w: f"/teams/memberships/{w.member_b.pk}/end/", B_SIDE, method="post"),
    ],
    "teams:membership_move": [
        Case(lambda w: f"/teams/memberships/{w.member_a.pk}/move/", A_SIDE),
        Case(lambda w: f"/teams/memberships/{w.member_b.pk}/move/", B_SIDE),
        Case(lambda w: f"/teams/memberships/{w.member_b.pk}/move/", B_SIDE, method="post"),
    ],
    "people:user_list": [Case(lambda w: "/users/", ("province_admin",))],
    "people:user_create": [Case(lambda w: "/users/new/", ("province_admin",))],
    "people:user_detail": [Case(lambda w: f"/users/{w.spare_b.pk}/", ("province_admin",))],
    "people:user_link": [
        Case(lambda w: f"/users/{w.spare_b.pk}/link/", ("province_admin",), "post", ok=302)
    ],
    "people:user_set_active": [
        Case(lambda w: f"/users/{w.spare_b.pk}/active/", ("province_admin",), "post", ok=302)
    ],
    "people:grant_revoke": [
        Case(
            lambda w: f"/users/grants/{w.spare_b.grants.get().pk}/revoke/",
            ("province_admin",),
            "post",
            ok=302,
        )
    ],
    "people:organisation_list": [Case(lambda w: "/users/organisations/", OFFICERS)],
    "people:organisation_create": [
        Case(lambda w: "/users/organisations/new/", OFFICERS),
        Case(lambda w: "/users/organisations/new/", OFFICERS, method="post"),
    ],
    "people:organisation_edit": [
        Case(lambda w: f"/users/organisations/{w.enterprise.pk}/", ("province_admin",)),
        Case(lambda w: f"/users/organisations/{w.enterprise.pk}/", ("province_admin",), "post"),
    ],
    "initiatives:list": [
        Case(
            lambda w: (initiative_b(w), "/initiatives/")[1],
            (*OFFICERS, "dost"),
            hidden=initiative_b_hidden,
        ),
        Case(
            lambda w: (initiative_b(w), "/initiatives/?skill=payment&status=proposed")[1],
            (*OFFICERS, "dost"),
            hidden=initiative_b_hidden,
        ),
    ],
    "initiatives:create": [
        Case(lambda w: "/initiatives/new/", (*OFFICERS, "dost")),
        Case(lambda w: "/initiatives/new/", (*OFFICERS, "dost"), method="post"),
    ],
    "initiatives:replicate": everyone(
        lambda w: (initiative_b(w), "/initiatives/replicate/")[1],
        hidden=lambda w: {p: ["Người Phụ Trách Kiểm Tra"] for p in PERSONAS},
    ),
    "initiatives:detail": [
        Case(lambda w: f"/initiatives/{initiative_b(w).pk}/", (*B_SIDE, "dost"))
    ],
    "initiatives:edit": [
        Case(lambda w: f"/initiatives/{initiative_b(w).pk}/edit/", (*B_SIDE, "dost")),
        Case(
            lambda w: f"/initiatives/{initiative_b(w).pk}/edit/", (*B_SIDE, "dost"), method="post"
        ),
    ],
    "initiatives:status": [
        Case(
            lambda w: f"/initiatives/{initiative_b(w).pk}/status/",
            (*B_SIDE, "dost"),
            method="post",
            ok=302,
            data={"action": "deploy"},
        )
    ],
    "initiatives:replication": [
        Case(
            lambda w: f"/initiatives/{initiative_b(w).pk}/replication/",
            (*ADMIN, "dost"),
            method="post",
            ok=302,
            data={"marked": "1"},
        )
    ],
    "initiatives:figure_add": [
        Case(
            lambda w: f"/initiatives/{initiative_b(w).pk}/figures/",
            (*B_SIDE, "dost"),
            method="post",
            ok=302,
            data={"label": "Hộ dùng ví điện tử", "value": "12"},
        )
    ],
    "initiatives:figure_remove": [
        Case(
            lambda w: f"/initiatives/figures/{initiative_figure_b(w).pk}/remove/",
            (*B_SIDE, "dost"),
            method="post",
            ok=302,
        )
    ],
    "initiatives:evidence_add": [
        Case(
            lambda w: f"/initiatives/{initiative_b(w).pk}/evidence/",
            (*B_SIDE, "dost"),
            method="post",
            ok=302,
        )
    ],
    "initiatives:evidence_remove": [
        Case(
            lambda w: f"/initiatives/evidence/{initiative_evidence_b(w).pk}/remove/",
            (*B_SIDE, "dost"),
            method="post",
            ok=302,
        )
    ],
    "initiatives:evidence_file": [
        Case(lambda w: f"/initiatives/evidence/{initiative_evidence_b(w).pk}/", (*B_SIDE, "dost"))
    ],
    "honours:home": [Case(lambda w: "/honours/", HONOUR_VIEWERS)],
    "honours:figures": [
        Case(lambda w: "/honours/figures/", HONOUR_VIEWERS, hidden=honoured_b_hidden)
    ],
    "honours:figures_export": [
        Case(lambda w: "/honours/figures.xlsx", HONOUR_VIEWERS, hidden=honoured_b_hidden)
    ],
    "honours:rounds": [Case(lambda w: (honour_round(w), "/honours/rounds/")[1], HONOUR_VIEWERS)],
    "honours:round_create": [
        Case(lambda w: "/honours/rounds/new/", ROUND_MANAGERS),
        Case(lambda w: "/honours/rounds/new/", ROUND_MANAGERS, method="post"),
    ],
    "honours:round": [
        Case(
            lambda w: f"/honours/rounds/{nomination_b(w).round_id}/",
            HONOUR_VIEWERS,
            hidden=lambda w: {"officer_a": [w.team_b.name], "youth": [w.team_b.name]},
        )
    ],
    "honours:round_edit": [
        Case(lambda w: f"/honours/rounds/{honour_round(w).pk}/edit/", ROUND_MANAGERS),
        Case(lambda w: f"/honours/rounds/{honour_round(w).pk}/edit/", ROUND_MANAGERS, "post"),
    ],
    "honours:round_status": [
        Case(
            lambda w: f"/honours/rounds/{honour_round(w).pk}/status/",
            ROUND_MANAGERS,
            method="post",
            ok=302,
            data={"status": "open"},
        )
    ],
    "honours:nominate": [
        Case(lambda w: f"/honours/rounds/{honour_round(w).pk}/nominate/", PROPOSERS),
        Case(lambda w: f"/honours/rounds/{honour_round(w).pk}/nominate/", PROPOSERS, "post"),
    ],
    "honours:decide": [
        Case(lambda w: f"/honours/rounds/{nomination_b(w).round_id}/decide/", ("chairman",)),
        Case(
            lambda w: f"/honours/rounds/{nomination_b(w).round_id}/decide/",
            ("chairman",),
            method="post",
        ),
    ],
    "honours:submission_docx": [
        Case(
            lambda w: f"/honours/rounds/{nomination_b(w).round_id}/submission.docx",
            PROPOSERS,
        )
    ],
    "honours:selection_docx": [
        Case(lambda w: f"/honours/rounds/{nomination_b(w).round_id}/selection.docx", ("dost",))
    ],
    "honours:decision_docx": [
        Case(
            lambda w: f"/honours/rounds/{nomination_b(w).round_id}/decision.docx",
            ("home_affairs", "chairman"),
        )
    ],
    "honours:nomination": [
        Case(lambda w: f"/honours/nominations/{nomination_b(w).pk}/", NOMINATION_B_READERS),
        Case(
            lambda w: f"/honours/nominations/{nomination_b(w, 'draft').pk}/",
            ("province_admin", "officer_b"),
        ),
    ],
    "honours:nomination_edit": [
        Case(
            lambda w: f"/honours/nominations/{nomination_b(w, 'draft').pk}/edit/",
            ("province_admin", "officer_b"),
        ),
        Case(
            lambda w: f"/honours/nominations/{nomination_b(w, 'draft').pk}/edit/",
            ("province_admin", "officer_b"),
            method="post",
        ),
    ],
    "honours:nomination_move": [
        # Only the Chairman's office decides; the others who read it are refused (403).
        Case(
            lambda w: f"/honours/nominations/{nomination_b(w).pk}/move/",
            NOMINATION_B_READERS,
            method="post",
            ok=302,
            data={"action": "approve", "decision_number": "9", "decision_date": "2026-11-20"},
            status_for=dict.fromkeys(("province_admin", "officer_b", "dost", "home_affairs"), 403),
        )
    ],
    "honours:nomination_delete": [
        Case(
            lambda w: f"/honours/nominations/{nomination_b(w, 'draft').pk}/delete/",
            ("province_admin", "officer_b"),
            method="post",
            ok=302,
        )
    ],
    "honours:report_docx": [
        Case(
            lambda w: f"/honours/nominations/{nomination_b(w).pk}/report.docx",
            NOMINATION_B_READERS,
        )
    ],
    # Emulation movements (issue 15 §2): readers of the movements over their places, the Youth
    # Union and the province run them, the leaderboard is public (no unconsented name).
    "movements:list": [
        Case(
            lambda w: (movement_b(w), "/movements/")[1],
            MOVEMENT_READERS,
            hidden=lambda w: {"officer_a": [MOVEMENT_B]},
        ),
        Case(lambda w: (movement_b(w), "/movements/?status=running")[1], MOVEMENT_READERS),
    ],
    "movements:create": [
        Case(lambda w: "/movements/new/", MOVEMENT_MANAGERS),
        Case(lambda w: "/movements/new/", MOVEMENT_MANAGERS, method="post"),
    ],
    "movements:detail": [
        Case(lambda w: f"/movements/{movement_b(w).pk}/", MOVEMENT_B_READERS),
        Case(
            lambda w: f"/movements/{movement_b(w).pk}/?commune={w.commune_b.code}",
            MOVEMENT_B_READERS,
        ),
    ],
    "movements:edit": [
        Case(lambda w: f"/movements/{movement_b(w).pk}/edit/", MOVEMENT_MANAGERS),
        Case(lambda w: f"/movements/{movement_b(w).pk}/edit/", MOVEMENT_MANAGERS, method="post"),
    ],
    "movements:status": [
        Case(
            lambda w: f"/movements/{movement_b(w).pk}/status/",
            MOVEMENT_MANAGERS,
            method="post",
            ok=302,
            data={"action": "close"},
        )
    ],
    "movements:criterion_add": [
        Case(
            lambda w: f"/movements/{movement_b(w).pk}/criteria/",
            MOVEMENT_MANAGERS,
            method="post",
            ok=302,
            data={"name": "Thêm", "kind": "measured", "measure": "households", "weight": "1"},
        )
    ],
    "movements:criterion_remove": [
        Case(
            lambda w: f"/movements/criteria/{movement_b_criterion(w).pk}/remove/",
            MOVEMENT_MANAGERS,
            method="post",
            ok=302,
        )
    ],
    "movements:participant_add": [
        Case(
            lambda w: f"/movements/{movement_b(w).pk}/participants/",
            MOVEMENT_MANAGERS,
            method="post",
            ok=302,
            data={"team": "0"},
        )
    ],
    "movements:participant_add_teams": [
        Case(
            lambda w: f"/movements/{movement_b(w).pk}/participants/teams/",
            MOVEMENT_MANAGERS,
            method="post",
            ok=302,
        )
    ],
    "movements:participant_remove": [
        Case(
            lambda w: f"/movements/participants/{movement_b_participant(w, 'team').pk}/remove/",
            MOVEMENT_MANAGERS,
            method="post",
            ok=302,
        )
    ],
    "movements:participant_consent": [
        Case(
            lambda w: (
                f"/movements/participants/{movement_b_participant(w, 'individual').pk}/consent/"
            ),
            MOVEMENT_MANAGERS,
            method="post",
            ok=302,
            data={"shown": "0"},
        )
    ],
    "movements:score_save": [
        Case(
            lambda w: f"/movements/{movement_b(w).pk}/scores/",
            MOVEMENT_MANAGERS,
            method="post",
            ok=302,
        )
    ],
    "movements:score_evidence": [
        Case(lambda w: f"/movements/scores/{movement_b_score(w).pk}/evidence/", MOVEMENT_B_READERS)
    ],
    "movements:ranking_export": [
        Case(lambda w: f"/movements/{movement_b(w).pk}/ranking.xlsx", MOVEMENT_B_READERS)
    ],
    "api:movement_list": [
        Case(
            lambda w: (movement_b(w), "/api/v1/movements")[1],
            (*ANY_ACCOUNT, *RECOGNITION_SIDE),
            anonymous=401,
            hidden=lambda w: {
                p: [MOVEMENT_B]
                for p in (*ANY_ACCOUNT, *RECOGNITION_SIDE)
                if p not in MOVEMENT_B_READERS
            },
        )
    ],
    "api:movement_ranking": [
        Case(
            lambda w: f"/api/v1/movements/{movement_b(w).pk}/ranking",
            MOVEMENT_B_READERS,
            anonymous=401,
        )
    ],
    "movements:leaderboard": everyone(
        lambda w: f"/movements/{movement_b(w).pk}/leaderboard/",
        hidden=lambda w: {p: [w.member_b.person.full_name, "0900000003"] for p in PERSONAS},
    ),
    # The citizens' pages (issue 16 §3): public, the same for everyone, no personal data beyond
    # contacts their owners published.
    "public:hamlets": everyone(
        lambda w: "/hamlets/?q=na+mau",
        hidden=lambda w: {p: [w.leader_a.person.full_name] for p in PERSONAS},
    ),
    "public:hamlet": everyone(
        lambda w: f"/hamlets/{w.hamlet_a1.code}/",
        hidden=lambda w: {
            p: [w.leader_a.person.full_name, w.member_a.person.full_name, "0900 000"]
            for p in PERSONAS
        },
    ),
    "public:news": everyone(
        lambda w: (public_news_item(w), "/news/")[1],
        hidden=lambda w: {p: [OUTREACH_ITEM_A, OUTREACH_ITEM_B] for p in PERSONAS},
    ),
    "public:news_feed": everyone(
        lambda w: (public_news_item(w), "/news/feed/")[1],
        hidden=lambda w: {p: [OUTREACH_ITEM_A, OUTREACH_ITEM_B] for p in PERSONAS},
    ),
    "public:news_item": [
        *everyone(lambda w: f"/news/{public_news_item(w).pk}/"),
        # An item the province did not make public does not exist here.
        Case(lambda w: (outreach_items(w), "/news/999999/")[1], PERSONAS, ok=404),
    ],
    "public:events": everyone(lambda w: (outreach_event_b(w), "/events/")[1]),
    "public:figures": everyone(
        lambda w: "/figures/",
        hidden=lambda w: {p: [w.member_a.person.full_name] for p in PERSONAS},
    ),
    # Outreach (issue 16 §1, §2): the communication log, events and their figures. A media
    # editor reads and logs their outlet's items only; a commune its own; the province all.
    "outreach:items": [Case(lambda w: "/outreach/", OUTREACH_READERS, hidden=outreach_hidden)],
    "outreach:item_create": [
        Case(lambda w: "/outreach/items/new/", OUTREACH_READERS),
        Case(lambda w: "/outreach/items/new/", OUTREACH_READERS, method="post"),
    ],
    "outreach:item": [
        Case(lambda w: f"/outreach/items/{outreach_item_b(w).pk}/", B_SIDE),
        Case(lambda w: f"/outreach/items/{outreach_news(w).pk}/", ("province_admin", "media")),
    ],
    "outreach:item_edit": [
        Case(lambda w: f"/outreach/items/{outreach_item_b(w).pk}/edit/", B_SIDE),
        Case(lambda w: f"/outreach/items/{outreach_item_b(w).pk}/edit/", B_SIDE, method="post"),
    ],
    "outreach:item_file": [
        Case(lambda w: f"/outreach/items/{outreach_item_b(w, with_file=True).pk}/file/", B_SIDE)
    ],
    "outreach:item_publish": [
        Case(
            lambda w: f"/outreach/items/{outreach_item_b(w).pk}/publish/",
            ADMIN,
            method="post",
            ok=302,
            data={"public": "1"},
        )
    ],
    "outreach:events": [
        Case(
            lambda w: (outreach_event_b(w), "/outreach/events/")[1],
            OUTREACH_READERS,
            hidden=lambda w: {"officer_a": ["Ngày hội số Thục Phán"]},
        )
    ],
    "outreach:event_create": [
        Case(lambda w: "/outreach/events/new/", EVENT_RUNNERS),
        Case(lambda w: "/outreach/events/new/", EVENT_RUNNERS, method="post"),
    ],
    "outreach:event": [
        Case(
            lambda w: f"/outreach/events/{outreach_event_b(w).pk}/",
            ("province_admin", "officer_b", "media"),
        )
    ],
    "outreach:event_edit": [
        Case(lambda w: f"/outreach/events/{outreach_event_b(w).pk}/edit/", B_SIDE),
        Case(lambda w: f"/outreach/events/{outreach_event_b(w).pk}/edit/", B_SIDE, method="post"),
    ],
    "outreach:booth_add": [
        Case(
            lambda w: f"/outreach/events/{outreach_event_b(w).pk}/booths/",
            B_SIDE,
            method="post",
            ok=302,
        )
    ],
    "outreach:booth_remove": [
        Case(
            lambda w: f"/outreach/booths/{outreach_booth_b(w).pk}/remove/",
            B_SIDE,
            method="post",
            ok=302,
        )
    ],
    "outreach:figures": [
        Case(lambda w: "/outreach/figures/", OUTREACH_READERS, hidden=outreach_hidden),
        Case(
            lambda w: f"/outreach/figures/?campaign={w.campaign_all.pk}",
            OUTREACH_READERS,
            hidden=outreach_hidden,
        ),
    ],
    "outreach:figures_export": [
        Case(lambda w: "/outreach/figures.xlsx", OUTREACH_READERS, hidden=outreach_hidden),
        Case(
            lambda w: f"/outreach/figures.xlsx?campaign={w.campaign_all.pk}",
            OUTREACH_READERS,
            hidden=outreach_hidden,
        ),
    ],
    "api:outreach_items": [
        Case(
            lambda w: "/api/v1/outreach/items",
            (*ANY_ACCOUNT, *OUTREACH_SIDE),
            anonymous=401,
            hidden=outreach_hidden,
        )
    ],
    # Partners (issue 16 §4): an enterprise's officer its own staff, offers and codes; the
    # province the teams by enterprise and every offer's uptake; members their offers and codes.
    "partners:home": [
        Case(lambda w: (partner_staff(w), "/partners/")[1], PARTNER_READERS, hidden=partner_hidden)
    ],
    "partners:staff": [
        Case(
            lambda w: (partner_staff(w), "/partners/staff/")[1],
            ("partner", "partner_b"),
            hidden=lambda w: {
                "partner_b": [w.member_b.person.full_name, w.leader_a.person.full_name],
                "partner": ["Ma Thị Khác", "0900000003", "0900 000 003"],
            },
        )
    ],
    "partners:by_enterprise": [
        Case(lambda w: (partner_staff(w), "/partners/enterprises/")[1], ("province_admin",))
    ],
    "partners:by_enterprise_export": [
        Case(lambda w: (partner_staff(w), "/partners/enterprises.xlsx")[1], ("province_admin",))
    ],
    "partners:offer_list": [
        Case(lambda w: "/partners/manage/", PARTNER_READERS, hidden=partner_hidden)
    ],
    "partners:offer_create": [
        Case(lambda w: "/partners/manage/new/", ("partner", "partner_b")),
        Case(lambda w: "/partners/manage/new/", ("partner", "partner_b"), method="post"),
    ],
    "partners:offer": [
        Case(lambda w: f"/partners/manage/{partner_offer(w).pk}/", ("province_admin", "partner"))
    ],
    "partners:offer_edit": [
        Case(lambda w: f"/partners/manage/{partner_offer(w).pk}/edit/", ("partner",)),
        Case(lambda w: f"/partners/manage/{partner_offer(w).pk}/edit/", ("partner",), "post"),
    ],
    "partners:offer_move": [
        Case(
            lambda w: f"/partners/manage/{partner_offer(w).pk}/status/",
            ("partner",),
            method="post",
            ok=302,
            data={"action": "nowhere"},
        )
    ],
    "partners:offers": [
        Case(
            lambda w: (partner_offer(w), "/partners/offers/")[1],
            ("leader", "member"),
            hidden=lambda w: {p: [PARTNER_OFFER_B] for p in ("leader", "member")},
        )
    ],
    "partners:claim": [
        Case(
            lambda w: f"/partners/offers/{partner_offer(w).pk}/claim/",
            ("leader", "member"),
            method="post",
            ok=302,
        )
    ],
    "partners:code": [Case(lambda w: f"/partners/codes/{partner_code(w)}/", ("member",))],
    "partners:check": [
        Case(
            lambda w: f"/partners/check/?code={partner_code(w)}",
            ("partner", "partner_b"),
            hidden=lambda w: {
                "partner_b": [w.member_a.person.full_name, PARTNER_OFFER],
                "partner": ["0900000002", "0900 000 002", w.team_a.name],
            },
        )
    ],
    "partners:use": [
        Case(lambda w: f"/partners/check/{partner_code(w)}/use/", ("partner",), "post", ok=302)
    ],
    "partners:uptake": [
        Case(
            lambda w: (partner_code(w), "/partners/uptake/")[1],
            PARTNER_READERS,
            hidden=lambda w: {"partner_b": [PARTNER_OFFER]},
        )
    ],
    "partners:uptake_export": [
        Case(
            lambda w: (partner_code(w), "/partners/uptake.xlsx")[1],
            PARTNER_READERS,
            hidden=lambda w: {"partner_b": [PARTNER_OFFER]},
        )
    ],
    "api:partner_redemption": [
        Case(
            lambda w: f"/api/v1/partners/redemptions/{partner_code(w)}",
            ("partner",),
            anonymous=401,
        )
    ],
    "api:partner_redemption_use": [
        Case(
            lambda w: f"/api/v1/partners/redemptions/{partner_code(w)}/use",
            ("partner",),
            method="post",
            anonymous=401,
        )
    ],
    # Notifications and background jobs (issue 17 §3–§4): each account reads and marks its own
    # notifications only; the jobs with errors are the province's administrator's.
    "notifications:list": [
        Case(
            lambda w: (notification_b(w), "/notifications/")[1],
            ANY_ACCOUNT,
            hidden=lambda w: {p: [NOTIFICATION_B_TEXT] for p in ANY_ACCOUNT if p != "officer_b"},
        )
    ],
    "notifications:read": [
        Case(
            lambda w: f"/notifications/{notification_b(w).pk}/read/",
            ("officer_b",),
            method="post",
            ok=302,
        )
    ],
    "notifications:read_all": [
        Case(lambda w: "/notifications/read-all/", ANY_ACCOUNT, method="post", ok=302)
    ],
    "notifications:preferences": [
        Case(
            lambda w: "/notifications/preferences/",
            ANY_ACCOUNT,
            method="post",
            ok=302,
            data={"delivery": "in_app"},
        )
    ],
    "notifications:jobs": [Case(lambda w: "/notifications/jobs/", ADMIN)],
    # The directive tracker (issue 17 §1): the province's readers; commune officers read their
    # commune's clauses (sent there from the overview); who reports on a clause at commune B:
    # its officer and the province's administrator; targets and periods are the province's.
    "tracker:overview": [
        Case(
            lambda w: (tracker(w), "/tracker/")[1],
            TRACKER_PROVINCE,
            status_for=TRACKER_COMMUNE_OFFICERS,
        )
    ],
    "tracker:periods": [
        Case(lambda w: (tracker(w), "/tracker/periods/")[1], (*TRACKER_PROVINCE, *OFFICERS)),
        Case(
            lambda w: (tracker(w), "/tracker/periods/")[1],
            ADMIN,
            method="post",
            ok=302,
            data={"kind": "quarter", "within": "2026-11-05"},
        ),
    ],
    "tracker:commune": [
        Case(lambda w: (tracker(w), f"/tracker/communes/{w.commune_b.code}/")[1], TRACKER_B)
    ],
    "tracker:clause": [
        Case(lambda w: f"/tracker/clauses/{tracker_clause(w, 'D4.3')}/?{tracker_b(w)}", TRACKER_B),
        Case(lambda w: f"/tracker/clauses/{tracker_clause(w, 'D1.4')}/", TRACKER_PROVINCE),
    ],
    "tracker:chart": [
        Case(
            lambda w: (
                f"/tracker/clauses/{tracker_clause(w, 'D4.3')}/chart/"
                f"{tracker_indicator(w, 'D4.3')}.svg?{tracker_b(w)}"
            ),
            TRACKER_B,
        )
    ],
    "tracker:status": [
        tracker_post_case("status", "D4.3", B_SIDE, {"status": "late", "note": "Thiếu người."})
    ],
    "tracker:figure": [tracker_post_case("figure", "D4.5", B_SIDE, {"value": "4"})],
    "tracker:target": [tracker_post_case("target", "D4.3", ADMIN, {"value": "40"})],
    "tracker:evidence": [Case(lambda w: f"/tracker/evidence/{tracker_evidence_b(w)}/", TRACKER_B)],
    # Periodic reporting (issue 17 §2): the communes write their reports, the province reviews
    # (the campaign reports' permissions); each commune sees only its own.
    "tracker:period_reports": [
        Case(
            lambda w: f"/tracker/periods/{tracker(w).pk}/reports/",
            OFFICERS,
            hidden=lambda w: COMMUNE_NAMES_HIDDEN,
        )
    ],
    "tracker:report_start": [
        Case(
            lambda w: f"/tracker/periods/{tracker(w).pk}/reports/start/?place={w.commune_b.code}",
            B_SIDE,
            method="post",
            ok=302,
        )
    ],
    "tracker:period_docx": [Case(lambda w: f"/tracker/periods/{tracker(w).pk}/report.docx", ADMIN)],
    "tracker:report": [Case(lambda w: f"/tracker/reports/{tracker_report_b(w)}/", B_SIDE)],
    "tracker:report_save": [
        Case(
            lambda w: f"/tracker/reports/{tracker_report_b(w)}/save/",
            B_SIDE,
            method="post",
            ok=302,
            data={"results": "Đã triển khai."},
        )
    ],
    "tracker:report_move": [
        Case(
            lambda w: f"/tracker/reports/{tracker_report_b(w)}/move/",
            B_SIDE,
            method="post",
            ok=302,
            data={"action": "submit"},
        )
    ],
    "tracker:report_docx": [
        Case(lambda w: f"/tracker/reports/{tracker_report_b(w)}/report.docx", B_SIDE)
    ],
    # Changing one's own password (issue 18 §1, part): every account, for itself only.
    "password_change": [
        Case(lambda w: "/accounts/password/", ANY_ACCOUNT),
        Case(lambda w: "/accounts/password/", ANY_ACCOUNT, method="post"),
    ],
    "password_change_done": [Case(lambda w: "/accounts/password/done/", ANY_ACCOUNT)],
    "campaigns:list": [
        Case(
            lambda w: "/campaigns/",
            SIGNED_IN,
            hidden=lambda w: {p: [w.campaign_b.name] for p in ("officer_a", "leader", "member")},
        )
    ],
    "campaigns:create": [
        Case(lambda w: "/campaigns/new/", ("province_admin",)),
        Case(lambda w: "/campaigns/new/", ("province_admin",), method="post"),
    ],
    "campaigns:detail": [
        Case(lambda w: f"/campaigns/{w.campaign_all.pk}/", SIGNED_IN),
        Case(lambda w: f"/campaigns/{w.campaign_b.pk}/", B_SIDE),
    ],
    "campaigns:edit": [
        Case(lambda w: f"/campaigns/{w.campaign_all.pk}/edit/", ("province_admin",)),
        Case(lambda w: f"/campaigns/{w.campaign_b.pk}/edit/", ("province_admin",), method="post"),
    ],
    "campaigns:status": [
        Case(
            lambda w: f"/campaigns/{w.campaign_b.pk}/status/",
            ("province_admin",),
            method="post",
            ok=302,
            data={"to": "open"},
        )
    ],
    "campaigns:plan": [
        Case(lambda w: f"/campaigns/{w.campaign_all.pk}/communes/{w.commune_a.code}/", A_SIDE),
        Case(lambda w: f"/campaigns/{plan_b(w).campaign_id}/communes/{w.commune_b.code}/", B_SIDE),
        Case(
            lambda w: f"/campaigns/{w.campaign_all.pk}/communes/{w.commune_b.code}/",
            B_SIDE,
            method="post",
        ),
        Case(
            lambda w: f"/campaigns/{w.campaign_b.pk}/communes/{w.commune_a.code}/",
            ("province_admin",),
        ),
    ],
    "campaigns:assignment_add": [
        Case(
            lambda w: (
                f"/campaigns/{plan_b(w).campaign_id}/communes/{w.commune_b.code}/assignments/new/"
            ),
            B_SIDE,
            method="post",
        )
    ],
    "campaigns:assignment_remove": [
        Case(
            lambda w: f"/campaigns/assignments/{assignment_b(w).pk}/remove/",
            B_SIDE,
            method="post",
            ok=302,
        )
    ],
    "campaigns:service_list": [Case(lambda w: "/campaigns/services/", ANY_ACCOUNT)],
    "campaigns:service_create": [
        Case(lambda w: "/campaigns/services/new/", ("province_admin",)),
        Case(lambda w: "/campaigns/services/new/", ("province_admin",), method="post"),
    ],
    "campaigns:service_edit": [
        Case(lambda w: f"/campaigns/services/{first_service().pk}/", ("province_admin",)),
        Case(lambda w: f"/campaigns/services/{first_service().pk}/", ("province_admin",), "post"),
    ],
    "reports:index": [Case(lambda w: "/reports/", OFFICERS)],
    "reports:campaign": [
        Case(lambda w: f"/reports/campaigns/{w.campaign_all.pk}/", ("province_admin",)),
        Case(lambda w: f"/reports/campaigns/{w.campaign_b.pk}/", ("province_admin",)),
    ],
    "reports:due_date": [
        Case(
            lambda w: f"/reports/campaigns/{w.campaign_all.pk}/due/",
            ("province_admin",),
            method="post",
            ok=302,
            data={"due_on": "2026-10-15"},
        )
    ],
    "reports:province_save": [
        Case(
            lambda w: f"/reports/campaigns/{w.campaign_all.pk}/province/",
            ("province_admin",),
            method="post",
            ok=302,
            data={"number": "7", "signer_title": "GIÁM ĐỐC"},
        )
    ],
    "reports:province_transition": [
        Case(
            province_report_path,
            ("province_admin",),
            method="post",
            ok=302,
            data={"action": "finalise"},
        )
    ],
    "reports:province_xlsx": [
        Case(lambda w: f"/reports/campaigns/{w.campaign_all.pk}/province.xlsx", ("province_admin",))
    ],
    "reports:province_docx": [
        Case(lambda w: f"/reports/campaigns/{w.campaign_all.pk}/province.docx", ("province_admin",))
    ],
    "reports:commune": [
        # Reading the page of a report not started yet shows the start button (200) …
        Case(
            lambda w: f"/reports/campaigns/{w.campaign_all.pk}/communes/{w.commune_a.code}/",
            A_SIDE,
        ),
        # … and starting it is a POST that redirects to the draft.
        Case(
            lambda w: f"/reports/campaigns/{w.campaign_all.pk}/communes/{w.commune_b.code}/",
            B_SIDE,
            method="post",
            ok=302,
        ),
        # Campaign B does not cover commune A: nobody has a report there.
        Case(lambda w: f"/reports/campaigns/{w.campaign_b.pk}/communes/{w.commune_a.code}/", ()),
    ],
    "reports:detail": [
        Case(
            lambda w: f"/reports/{report_of(w, 'commune_a').pk}/",
            A_SIDE,
            hidden=lambda w: COMMUNE_NAMES_HIDDEN,
        ),
        Case(lambda w: f"/reports/{report_of(w, 'commune_b').pk}/", B_SIDE, method="post"),
    ],
    "reports:transition": [
        Case(
            lambda w: f"/reports/{report_of(w, 'commune_b').pk}/transition/",
            B_SIDE,
            method="post",
            ok=302,
            data={"action": "submit"},
        )
    ],
    "reports:report_xlsx": [
        Case(
            lambda w: f"/reports/{report_of(w, 'commune_a').pk}/report.xlsx",
            A_SIDE,
            hidden=lambda w: COMMUNE_NAMES_HIDDEN,
        )
    ],
    "reports:report_docx": [
        Case(lambda w: f"/reports/{report_of(w, 'commune_b').pk}/report.docx", B_SIDE)
    ],
    "reports:indicator_list": [Case(lambda w: "/reports/indicators/", ("province_admin",))],
    "reports:indicator_create": [
        Case(lambda w: "/reports/indicators/new/", ("province_admin",)),
        Case(lambda w: "/reports/indicators/new/", ("province_admin",), method="post"),
    ],
    "reports:indicator_edit": [
        Case(lambda w: f"/reports/indicators/{first_indicator().pk}/", ("province_admin",)),
        Case(
            lambda w: f"/reports/indicators/{first_indicator().pk}/",
            ("province_admin",),
            method="post",
        ),
    ],
    "field:shell": [Case(lambda w: "/field/", FIELD_USERS)],
    "field:manifest": everyone(lambda w: "/field/manifest.webmanifest"),
    "field:service_worker": everyone(lambda w: "/field/sw.js"),
    "field:session": [Case(lambda w: "/field/session", FIELD_USERS, anonymous=401)],
    "progress:list": [Case(lambda w: "/progress/", (*OFFICERS, "leader"))],
    "progress:campaign": [
        # Officers are sent to their commune's page, a team leader to their team's.
        Case(
            lambda w: f"/progress/{w.campaign_all.pk}/",
            (*OFFICERS, "leader"),
            status_for={"officer_a": 302, "officer_b": 302, "leader": 302},
            hidden=lambda w: COMMUNE_NAMES_HIDDEN,
        ),
        Case(
            lambda w: f"/progress/{w.campaign_b.pk}/",
            B_SIDE,
            status_for={"province_admin": 302, "officer_b": 302},
        ),
    ],
    "progress:commune": [
        Case(
            lambda w: f"/progress/{w.campaign_all.pk}/communes/{w.commune_a.code}/",
            A_SIDE,
            hidden=team_b_hidden,
        ),
        Case(
            lambda w: f"/progress/{w.campaign_all.pk}/communes/{w.commune_b.code}/",
            B_SIDE,
            hidden=team_b_hidden,
        ),
        Case(lambda w: f"/progress/{w.campaign_b.pk}/communes/{w.commune_a.code}/", ()),
    ],
    "progress:hamlet": [
        Case(lambda w: f"/progress/{w.campaign_all.pk}/hamlets/{w.hamlet_a1.code}/", A_SIDE),
        Case(lambda w: f"/progress/{w.campaign_all.pk}/hamlets/{w.hamlet_b1.code}/", B_SIDE),
    ],
    "progress:team": [
        Case(
            lambda w: f"/progress/{w.campaign_all.pk}/teams/{w.team_a.pk}/",
            (*A_SIDE, "leader"),
            hidden=team_b_hidden,
        ),
        Case(lambda w: f"/progress/{w.campaign_all.pk}/teams/{w.team_a2.pk}/", A_SIDE),
        Case(lambda w: f"/progress/{w.campaign_all.pk}/teams/{w.team_b.pk}/", B_SIDE),
    ],
    "progress:chart": [
        # Without an area: the province, or the communes of the officer's own scope.
        Case(lambda w: f"/progress/{w.campaign_all.pk}/charts/days.svg", OFFICERS),
        Case(
            lambda w: (
                f"/progress/{w.campaign_all.pk}/charts/ranking.svg?commune={w.commune_a.code}"
            ),
            A_SIDE,
        ),
        Case(
            lambda w: f"/progress/{w.campaign_all.pk}/charts/services.svg?team={w.team_a.pk}",
            (*A_SIDE, "leader"),
        ),
        Case(
            lambda w: f"/progress/{w.campaign_all.pk}/charts/days.svg?hamlet={w.hamlet_b1.code}",
            B_SIDE,
        ),
    ],
    # Certificates: public verification by code, no sign-in (unknown codes answer 404).
    "certificates:lookup": everyone(lambda w: "/verify/"),
    "certificates:verify": [
        Case(lambda w: f"/verify/{certificate_code(w)}/", PERSONAS),
        Case(lambda w: "/verify/ABCDEFGHJKMN/", PERSONAS, ok=404),
    ],
    "certificates:pdf": [
        Case(lambda w: f"/verify/{certificate_code(w)}/certificate.pdf", PERSONAS),
        Case(lambda w: "/verify/ABCDEFGHJKMN/certificate.pdf", PERSONAS, ok=404),
    ],
    # Training
    "training:course_list": [Case(lambda w: "/training/", SIGNED_IN, hidden=training_hidden)],
    "training:course_create": [
        Case(lambda w: "/training/courses/new/", OFFICERS),
        Case(lambda w: "/training/courses/new/", OFFICERS, method="post"),
    ],
    "training:course_detail": [
        Case(lambda w: f"/training/courses/{tw(w, 'course_a').pk}/", (*A_SIDE, "leader", "member")),
        Case(lambda w: f"/training/courses/{tw(w, 'course_b').pk}/", B_SIDE),
        Case(
            lambda w: f"/training/courses/{tw(w, 'course_p').pk}/",
            SIGNED_IN,
            hidden=training_hidden,
        ),
    ],
    "training:course_edit": [
        Case(lambda w: f"/training/courses/{tw(w, 'course_a').pk}/edit/", A_SIDE),
        Case(lambda w: f"/training/courses/{tw(w, 'course_b').pk}/edit/", B_SIDE, method="post"),
        Case(lambda w: f"/training/courses/{tw(w, 'course_p').pk}/edit/", ("province_admin",)),
    ],
    "training:course_complete": [
        Case(
            lambda w: f"/training/courses/{tw(w, 'course_b').pk}/complete/",
            B_SIDE,
            method="post",
            ok=302,
        )
    ],
    "training:course_export": [
        Case(lambda w: f"/training/courses/{tw(w, 'course_a').pk}/results.xlsx", A_SIDE),
        Case(lambda w: f"/training/courses/{tw(w, 'course_b').pk}/results.xlsx", B_SIDE),
    ],
    "training:session_create": [
        Case(lambda w: f"/training/courses/{tw(w, 'course_a').pk}/sessions/new/", A_SIDE),
        Case(
            lambda w: f"/training/courses/{tw(w, 'course_b').pk}/sessions/new/",
            B_SIDE,
            method="post",
        ),
    ],
    "training:session_detail": [
        # Open to everyone: every signed-in persona sees it, the list of names only its managers.
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_a').pk}/",
            ANY_ACCOUNT,
            hidden=lambda w: {
                p: [w.member_a.person.full_name] for p in ("officer_b", "leader", "member")
            },
        ),
        Case(lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/", B_SIDE),
        Case(lambda w: f"/training/sessions/{tw(w, 'session_p').pk}/", SIGNED_IN),
    ],
    "training:session_edit": [
        Case(lambda w: f"/training/sessions/{tw(w, 'session_a').pk}/edit/", A_SIDE),
        Case(lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/edit/", B_SIDE, method="post"),
    ],
    "training:enrol": [
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/enrol/",
            B_SIDE,
            method="post",
            ok=400,
        )
    ],
    "training:enrol_team": [
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/enrol-team/",
            B_SIDE,
            method="post",
            ok=400,
        )
    ],
    "training:enrol_import": [
        Case(lambda w: f"/training/sessions/{tw(w, 'session_a').pk}/import/", A_SIDE),
        Case(lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/import/", B_SIDE, "post"),
    ],
    "training:enrol_template": [
        Case(lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/import/template.xlsx", B_SIDE)
    ],
    "training:enrol_self": [
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/enrol-me/",
            B_SIDE,
            method="post",
            ok=302,
        ),
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_p').pk}/enrol-me/",
            SIGNED_IN,
            method="post",
            ok=302,
        ),
    ],
    "training:enrolment_cancel": [
        Case(
            lambda w: f"/training/enrolments/{training_enrolment(w, 'session_b').pk}/cancel/",
            B_SIDE,
            method="post",
            ok=302,
        ),
        Case(
            lambda w: f"/training/enrolments/{training_enrolment(w, 'session_a').pk}/cancel/",
            (*A_SIDE, "member"),
            method="post",
            ok=302,
        ),
    ],
    "training:session_qr": [
        Case(lambda w: f"/training/sessions/{tw(w, 'session_a').pk}/qr/", A_SIDE),
        Case(lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/qr/", B_SIDE),
    ],
    # Public: what the QR code leads to; an unknown session looks like an invalid code.
    "training:checkin": [
        *everyone(lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/checkin/?code=x"),
        *everyone(
            lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/checkin/",
            method="post",
            data={"code": "x", "phone": "0900000003"},
        ),
    ],
    "training:attendance": [
        Case(lambda w: f"/training/sessions/{tw(w, 'session_a').pk}/attendance/", A_SIDE),
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/attendance/",
            B_SIDE,
            method="post",
            ok=302,
        ),
    ],
    "training:rate": [
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_a').pk}/rate/",
            ANY_ACCOUNT,
            method="post",
            ok=400,
        ),
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/rate/",
            B_SIDE,
            method="post",
            ok=400,
        ),
    ],
    "training:session_ics": [
        everyone(lambda w: f"/training/sessions/{tw(w, 'session_a').pk}/calendar.ics")[0],
        Case(
            lambda w: f"/training/sessions/{tw(w, 'session_b').pk}/calendar.ics",
            B_SIDE,
            anonymous=404,
        ),
    ],
    "training:calendar": everyone(lambda w: "/training/calendar/", hidden=session_list_hidden),
    "training:my_record": [Case(lambda w: "/training/me/", ANY_ACCOUNT, hidden=training_hidden)],
    "training:my_ics": [Case(lambda w: "/training/me/calendar.ics", ANY_ACCOUNT)],
    "training:plan_list": [
        Case(
            lambda w: (training_plan(w, "commune_b"), "/training/plans/")[1],
            SIGNED_IN,
            hidden=lambda w: {p: ["Kế hoạch tập huấn Phường"] for p in ("officer_a", "member")},
        )
    ],
    "training:plan_create": [
        Case(lambda w: "/training/plans/new/", OFFICERS),
        Case(lambda w: "/training/plans/new/", OFFICERS, method="post"),
    ],
    "training:plan_detail": [
        Case(lambda w: f"/training/plans/{training_plan(w, 'commune_b').pk}/", B_SIDE),
        Case(
            lambda w: (
                training_plan(w, "commune_b"),
                f"/training/plans/{training_plan(w, 'province').pk}/",
            )[1],
            SIGNED_IN,
            hidden=lambda w: {
                **COMMUNE_NAMES_HIDDEN,
                "leader": ["Phường Thục Phán"],
                "member": ["Phường Thục Phán"],
            },
        ),
    ],
    "training:plan_edit": [
        Case(lambda w: f"/training/plans/{training_plan(w, 'commune_b').pk}/edit/", B_SIDE),
        Case(
            lambda w: f"/training/plans/{training_plan(w, 'province').pk}/edit/",
            ("province_admin",),
            method="post",
        ),
    ],
    "training:figures": [
        Case(lambda w: "/training/figures/", OFFICERS, hidden=lambda w: COMMUNE_NAMES_HIDDEN),
        Case(
            lambda w: f"/training/figures/?area={w.commune_b.code}",
            OFFICERS,
            hidden=lambda w: COMMUNE_NAMES_HIDDEN,
        ),
    ],
    "training:figures_export": [
        Case(
            lambda w: (
                tw(w, "session_b"),
                f"/training/figures/results.xlsx?area={w.commune_b.code}",
            )[1],
            OFFICERS,
            hidden=lambda w: {
                "officer_a": [w.member_b.person.full_name],
                "officer_b": [w.member_a.person.full_name],
            },
        )
    ],
    "training:external_list": [
        Case(lambda w: "/training/elsewhere/", OFFICERS),
        Case(lambda w: "/training/elsewhere/", OFFICERS, method="post", ok=400),
    ],
    "api:list_training_sessions": [
        Case(
            lambda w: "/api/v1/training/sessions",
            ANY_ACCOUNT,
            anonymous=401,
            hidden=session_list_hidden,
        )
    ],
    "api:enrol_in_session": [
        Case(
            lambda w: f"/api/v1/training/sessions/{tw(w, 'session_b').pk}/enrolments",
            B_SIDE,
            method="post",
            ok=409,
            anonymous=401,
            data={},
        )
    ],
    "api:check_in_session": [
        Case(
            lambda w: f"/api/v1/training/sessions/{tw(w, 'session_a').pk}/checkin",
            ANY_ACCOUNT,
            method="post",
            ok=409,
            anonymous=401,
            data={"code": "x"},
        )
    ],
    # Learning: public pages (no account); the in-person check is for team members.
    "learning:index": everyone(learned("/learn/")),
    "learning:progress": everyone(learned("/learn/progress/")),
    "learning:skill": everyone(learned("/learn/safety/")),
    "learning:lesson": everyone(learned("/learn/safety/at-otp/")),
    "learning:picture": everyone(learned("/learn/pictures/shield.svg")),
    # A published version's recordings are public; a draft's only for the content managers.
    "learning:audio": [
        *everyone(lambda w: f"/learn/audio/{recording(w, published=True).pk}"),
        Case(lambda w: f"/learn/audio/{recording(w, published=False).pk}", ADMIN, anonymous=404),
    ],
    "learning:quiz": [
        *everyone(learned("/learn/safety/quiz/")),
        Case(learned("/learn/safety/quiz/"), PERSONAS, method="post"),
    ],
    "learning:result": everyone(lambda w: f"/learn/results/{learning_attempt(w)}/"),
    "learning:certificate": [
        Case(
            lambda w: f"/learn/results/{learning_attempt(w)}/certificate/",
            PERSONAS,
            method="post",
        )
    ],
    "learning:check": [
        Case(learned("/learn/safety/check/"), ("leader", "member")),
        Case(learned("/learn/safety/check/"), ("leader", "member"), method="post"),
    ],
    # Learning content management: province-wide content, the province administrator only.
    "learning:manage": [Case(learned("/learn/manage/"), ADMIN)],
    "learning:manage_lesson": [Case(learned("/learn/manage/lessons/at-otp/"), ADMIN)],
    "learning:lesson_edit": [
        Case(learned("/learn/manage/lessons/at-otp/draft/"), ADMIN),
        Case(learned("/learn/manage/lessons/at-otp/draft/"), ADMIN, method="post"),
    ],
    "learning:version": [Case(lambda w: f"/learn/manage/versions/{lesson_version(w)}/", ADMIN)],
    "learning:version_transition": [
        Case(
            lambda w: f"/learn/manage/versions/{lesson_version(w)}/transition/",
            ADMIN,
            method="post",
            ok=302,
            data={"to": "review"},
        )
    ],
    "learning:recording_add": [
        Case(
            lambda w: (
                f"/learn/manage/versions/{recording(w, published=False).version_id}/recordings/"
            ),
            ADMIN,
            method="post",
            ok=302,
        )
    ],
    "learning:recording_remove": [
        Case(
            lambda w: f"/learn/manage/recordings/{recording(w, published=False).pk}/remove/",
            ADMIN,
            method="post",
            ok=302,
        )
    ],
    "learning:languages": [
        Case(learned("/learn/manage/languages/"), ADMIN),
        Case(learned("/learn/manage/languages/"), ADMIN, method="post"),
    ],
    "learning:questions": [Case(learned("/learn/manage/questions/"), ADMIN)],
    "learning:question_create": [
        Case(learned("/learn/manage/questions/new/"), ADMIN),
        Case(learned("/learn/manage/questions/new/"), ADMIN, method="post"),
    ],
    "learning:question_edit": [Case(learned("/learn/manage/questions/at-q01/"), ADMIN)],
    "learning:facts": [Case(learned("/learn/manage/facts/?needs=on"), ADMIN)],
    "learning:fact_create": [Case(learned("/learn/manage/facts/new/"), ADMIN)],
    "learning:fact_edit": [
        Case(learned("/learn/manage/facts/hotline_consumer/"), ADMIN),
        Case(learned("/learn/manage/facts/hotline_consumer/"), ADMIN, method="post"),
    ],
    "learning:skill_marks": [
        Case(learned("/learn/manage/skills/safety/marks/"), ADMIN),
        Case(learned("/learn/manage/skills/safety/marks/"), ADMIN, method="post"),
    ],
    "learning:usage": [Case(learned("/learn/manage/usage/"), ADMIN)],
    "learning:certificates": [Case(learned("/learn/manage/certificates/"), ADMIN)],
    "learning:certificate_revoke": [
        Case(lambda w: f"/learn/manage/certificates/{certificate_code(w)}/revoke/", ADMIN),
        Case(
            lambda w: f"/learn/manage/certificates/{certificate_code(w)}/revoke/",
            ADMIN,
            method="post",
        ),
    ],
    # School programme: teachers reach only their own classes; figures for the Education
    # officer (province) and commune officers (their commune); lesson plans and the students'
    # quiz pages are public.
    "schools:class_list": [
        Case(lambda w: "/schools/", ("teacher", "teacher_b"), hidden=schools_hidden)
    ],
    "schools:class_create": [
        Case(lambda w: "/schools/classes/new/", ("teacher", "teacher_b")),
        Case(lambda w: "/schools/classes/new/", ("teacher", "teacher_b"), "post", ok=400),
    ],
    "schools:class_detail": [
        Case(lambda w: f"/schools/classes/{class_of(w, 'a').pk}/", TEACHER_A),
        Case(lambda w: f"/schools/classes/{class_of(w, 'b').pk}/", TEACHER_B),
    ],
    "schools:class_edit": [
        Case(lambda w: f"/schools/classes/{class_of(w, 'a').pk}/edit/", TEACHER_A),
        Case(lambda w: f"/schools/classes/{class_of(w, 'b').pk}/edit/", TEACHER_B, "post", ok=400),
    ],
    "schools:delivery_create": [
        Case(lambda w: f"/schools/classes/{class_of(w, 'a').pk}/lessons/new/", TEACHER_A),
        Case(
            lambda w: f"/schools/classes/{class_of(w, 'b').pk}/lessons/new/",
            TEACHER_B,
            "post",
            ok=400,
        ),
    ],
    "schools:quiz_open": [
        Case(
            lambda w: f"/schools/classes/{class_of(w, 'b').pk}/quizzes/new/",
            TEACHER_B,
            "post",
            ok=302,
        )
    ],
    "schools:delivery": [
        Case(lambda w: f"/schools/lessons/{delivery_of(w, 'a').pk}/", TEACHER_A),
        Case(lambda w: f"/schools/lessons/{delivery_of(w, 'b').pk}/", TEACHER_B, "post", ok=400),
    ],
    "schools:delivery_family": [
        Case(
            lambda w: f"/schools/lessons/{delivery_of(w, 'b').pk}/family/",
            TEACHER_B,
            "post",
            ok=400,
        )
    ],
    "schools:delivery_cancel": [
        Case(
            lambda w: f"/schools/lessons/{delivery_of(w, 'b').pk}/cancel/",
            TEACHER_B,
            "post",
            ok=302,
        )
    ],
    "schools:quiz": [
        Case(lambda w: f"/schools/quizzes/{quiz_of(w, 'a').pk}/", TEACHER_A),
        Case(lambda w: f"/schools/quizzes/{quiz_of(w, 'b').pk}/", TEACHER_B),
    ],
    "schools:quiz_close": [
        Case(lambda w: f"/schools/quizzes/{quiz_of(w, 'b').pk}/close/", TEACHER_B, "post", ok=302)
    ],
    "schools:plan_list": everyone(lambda w: (sch(w), "/schools/plans/")[1]),
    "schools:plan": [
        *everyone(lambda w: (sch(w), "/schools/plans/kh-dvc-thcs/")[1]),
        Case(lambda w: "/schools/plans/no-such-plan/", PERSONAS, ok=404),
    ],
    "schools:figures": [
        Case(lambda w: "/schools/figures/", FIGURE_READERS, hidden=schools_hidden),
        Case(
            lambda w: f"/schools/figures/?commune={w.commune_b.code}",
            ("province_admin", "officer_b", "education_officer"),
            hidden=schools_hidden,
        ),
    ],
    "schools:figures_xlsx": [
        Case(lambda w: "/schools/figures.xlsx", FIGURE_READERS, hidden=schools_hidden),
        Case(
            lambda w: f"/schools/figures.xlsx?commune={w.commune_a.code}",
            ("province_admin", "officer_a", "education_officer"),
            hidden=schools_hidden,
        ),
    ],
    "quiz:join": [
        *everyone(lambda w: "/quiz/"),
        Case(lambda w: "/quiz/", PERSONAS, "post", ok=400, data={"code": "abc"}),
    ],
    "quiz:take": [
        *everyone(lambda w: f"/quiz/{quiz_of(w, 'a').code}/", hidden=quiz_page_hidden),
        Case(lambda w: "/quiz/999999/", PERSONAS, ok=404),
    ],
    "quiz:result": everyone(lambda w: f"/quiz/{quiz_of(w, 'b').code}/result/", ok=302),
    "quiz:next": everyone(lambda w: f"/quiz/{quiz_of(w, 'b').code}/next/", method="post", ok=302),
    # A scoped list: every account gets one, with only what its office sees.
    "api:honour_nominations": [
        Case(
            lambda w: (nomination_b(w), "/api/v1/honours/nominations")[1],
            (*ANY_ACCOUNT, *RECOGNITION_SIDE),
            anonymous=401,
            hidden=lambda w: {
                p: [w.team_b.name] for p in (*ANY_ACCOUNT, "youth") if p not in NOMINATION_B_READERS
            },
        )
    ],
    "api:list_services": [Case(lambda w: "/api/v1/services", ANY_ACCOUNT, anonymous=401)],
    "api:field_assignments": [
        Case(
            lambda w: "/api/v1/field/assignments",
            ANY_ACCOUNT,
            anonymous=401,
            hidden=team_b_hidden,
        )
    ],
    "api:field_hamlets": [
        Case(
            lambda w: "/api/v1/field/hamlets",
            ANY_ACCOUNT,
            anonymous=401,
            hidden=lambda w: {
                "officer_a": [w.hamlet_b1.name],
                "leader": [w.hamlet_b1.name],
                "officer_b": [w.hamlet_a1.name],
            },
        )
    ],
    "visits:list": [
        Case(
            lambda w, query=query: (visit_b(w), f"/visits/{query}")[1],
            (*OFFICERS, "leader"),
            hidden=lambda w: {"officer_a": [VISIT_B_HOUSEHOLD], "leader": [VISIT_B_HOUSEHOLD]},
        )
        for query in ("?kind=all", "?conflicts=open", "?conflicts=settled")
    ],
    "visits:detail": [Case(lambda w: f"/visits/{visit_b(w).pk}/", B_SIDE)],
    "visits:correct": [
        Case(lambda w: f"/visits/{visit_b(w).pk}/correct/", B_SIDE, method="post", ok=400)
    ],
    "visits:exclude": [
        Case(lambda w: f"/visits/{visit_b(w).pk}/exclude/", B_SIDE, method="post", ok=400)
    ],
    "visits:flag": [
        Case(lambda w: f"/visits/{visit_b(w).pk}/flag/", B_SIDE, method="post", ok=400)
    ],
    "visits:resolve_flag": [
        Case(
            lambda w: f"/visits/flags/{visit_b(w).flags.get().pk}/resolve/",
            B_SIDE,
            method="post",
            ok=302,
        )
    ],
    "visits:resolve_conflict": [
        Case(
            lambda w: f"/visits/conflicts/{visit_b(w).conflicts.get().pk}/resolve/",
            B_SIDE,
            method="post",
            ok=302,
        )
    ],
    # Scoping of the records inside a batch is tested record by record in visits/tests.
    "api:sync_visits": [
        Case(
            lambda w: "/api/v1/sync/visits",
            ANY_ACCOUNT,
            method="post",
            anonymous=401,
            data={"visits": []},
        )
    ],
    "api:field_visits": [Case(lambda w: "/api/v1/field/visits", ANY_ACCOUNT, anonymous=401)],
    "api:api-root": [Case(lambda w: "/api/v1/", (), denied=404, anonymous=404)],
    "api:openapi-json": everyone(lambda w: "/api/v1/openapi.json"),
    "api:create_token": [
        Case(
            lambda w: "/api/v1/auth/token",
            PERSONAS,
            method="post",
            ok=401,
            data={"username": "nobody", "password": "wrong"},
        )
    ],
    "api:list_places": everyone(lambda w: "/api/v1/places?q=hoa"),
    "api:list_teams": [
        Case(lambda w: "/api/v1/teams", ANY_ACCOUNT, anonymous=401, hidden=team_b_hidden),
        Case(
            lambda w: f"/api/v1/teams?place={w.commune_b.code}",
            ANY_ACCOUNT,
            anonymous=401,
            hidden=team_b_hidden,
        ),
    ],
    "api:get_team": [
        Case(
            lambda w: f"/api/v1/teams/{w.team_a.pk}",
            (*A_SIDE, "leader", "member"),
            anonymous=401,
        ),
        Case(lambda w: f"/api/v1/teams/{w.team_b.pk}", B_SIDE, anonymous=401),
    ],
}


def registered_url_names() -> set[str]:
    def walk(resolver, namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(x for x in (namespace, pattern.namespace) if x) or None
                yield from walk(pattern, ns)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver()))


def test_every_endpoint_is_in_the_policy_table():
    missing = registered_url_names() - POLICY.keys()
    assert missing == set(), f"endpoints missing from the access policy: {sorted(missing)}"
    stale = POLICY.keys() - registered_url_names()
    assert stale == set(), f"policy entries for endpoints that no longer exist: {sorted(stale)}"


def _text(response) -> str:
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            " ".join(str(v) for v in row if v is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return response.content.decode("utf-8", errors="replace")


# A GET reads. The only rows a GET may add are the audit log's (an export is recorded).
_WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
GET_MAY_WRITE = {"core_auditevent"}


def _writes(queries) -> list[str]:
    found = []
    for query in queries.captured_queries:
        match = _WRITE.match(query["sql"])
        if match and match.group(2).lower() not in GET_MAY_WRITE:
            found.append(f"{match.group(1).upper()} {match.group(2)}")
    return sorted(set(found))


@pytest.mark.parametrize("url_name", sorted(POLICY))
def test_access_matrix(world: World, url_name: str):
    failures = []
    personas = PERSONAS
    if not url_name.startswith(RECOGNITION_URLS):
        personas = tuple(p for p in personas if p not in RECOGNITION_SIDE)
    if not url_name.startswith(OUTREACH_URLS):
        personas = tuple(p for p in personas if p not in OUTREACH_SIDE)
    for case in POLICY[url_name]:
        for persona in personas:
            reset_attempts()  # each persona starts with a clean lockout and rate-limit record
            cache.clear()
            client = world.client_for(persona)
            path = case.path(world)
            if case.method == "post":
                if url_name.startswith("api:"):
                    response = client.post(path, case.data, content_type="application/json")
                else:
                    response = client.post(path, case.data)
            else:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path)
                writes = _writes(queries)
                if writes:
                    failures.append(f"{persona} GET {path} writes: {writes}")
            if persona in case.status_for:
                expected = case.status_for[persona]
            elif persona in case.allowed:
                expected = case.ok
            elif persona == "anonymous":
                expected = case.anonymous
            else:
                expected = case.denied
            if response.status_code != expected:
                failures.append(f"{persona} {case.method.upper()} {path}: {response.status_code}")
                continue
            sent_to_sign_in = "/accounts/login/" in response.get("Location", "")
            must_sign_in = persona == "anonymous" and persona not in case.allowed
            if must_sign_in and expected == 302 and not sent_to_sign_in:
                failures.append(f"{persona} {path}: redirected to {response['Location']}")
            if case.hidden and response.status_code == 200:
                text = _text(response)
                for secret in case.hidden(world).get(persona, []):
                    if secret in text:
                        failures.append(f"{persona} {path}: leaks {secret!r}")
    assert failures == []
