"""Sample training: plans, a commune course with a session held and one running now, a course
for DX Day, and an external programme."""

from datetime import date, timedelta

from django.utils import timezone

from tocds.campaigns.models import Campaign
from tocds.demo.campaigns import DEMO_CAMPAIGN
from tocds.people.models import Person
from tocds.places.models import Place
from tocds.teams.models import Membership, Team
from tocds.training import services as training
from tocds.training.models import Course, Enrolment

DEMO_COURSE = "Lớp kỹ năng số cho Tổ CĐS xã Hòa An (mẫu)"


def load_training(actor, province: Place, commune: Place, team: Team, users: dict) -> None:
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
        trainer_name="Cán bộ văn hóa - xã hội xã (mẫu)",
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
        venue="Nhà văn hóa xóm (mẫu)",
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
