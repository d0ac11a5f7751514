"""Sample emulation movements (issue 15 §2) of the provincial Youth Union, run by `demo-youth`:

- "Thanh niên tình nguyện chuyển đổi số 2026 (mẫu)", running over the demo communes since the
  demo campaign began: households visited, people guided, services done and training sessions
  attended, measured from the demo's visits and training, and one criterion scored by hand;
  every team of those communes and a few members take part (one agreed to be named publicly);
- "Tuổi trẻ hướng dẫn dịch vụ công trực tuyến (mẫu)", over the first commune, closed yesterday
  with its ranking frozen."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tocds.demo.people import DEMO_ORGANISATIONS, organisation
from tocds.movements import services
from tocds.movements.models import Movement, Participant
from tocds.people.models import Person
from tocds.places.models import Place
from tocds.teams.models import Membership

DEMO_RUNNING = "Thanh niên tình nguyện chuyển đổi số 2026 (mẫu)"
DEMO_CLOSED = "Tuổi trẻ hướng dẫn dịch vụ công trực tuyến (mẫu)"


def _criterion(actor, movement, name, measure, weight, max_points=None):
    return services.save_criterion(
        actor=actor,
        movement=movement,
        name=name,
        kind="manual" if max_points else "measured",
        measure="" if max_points else measure,
        weight=Decimal(weight),
        max_points=Decimal(max_points) if max_points else None,
    )


def load_movements(*, province: Place, communes: list[Place], users: dict) -> int:
    """Idempotent: a movement is made only when none of its name exists. How many were made."""
    actor = users["demo-youth"]
    organiser = organisation(*DEMO_ORGANISATIONS["demo-youth"], province)
    today = timezone.localdate()
    made = 0
    if not Movement.objects.filter(name=DEMO_RUNNING).exists():
        _running(actor, organiser, province, communes, today, users)
        made += 1
    if not Movement.objects.filter(name=DEMO_CLOSED).exists() and communes:
        _closed(actor, organiser, province, communes[0], today)
        made += 1
    return made


def _running(actor, organiser, province, communes, today, users) -> Movement:
    movement = services.save_movement(
        actor=actor,
        movement=None,
        name=DEMO_RUNNING,
        organiser=organiser,
        province=province,
        communes=communes,
        starts_on=today - timedelta(days=6),
        ends_on=today + timedelta(days=60),
        description=(
            "Đoàn viên, thanh niên tham gia Tổ công nghệ số cộng đồng thi đua đến từng hộ, "
            "hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền "
            "mặt và phòng tránh lừa đảo trên mạng."
        ),
    )
    _criterion(actor, movement, "Số hộ đã đến hướng dẫn", "households", "2")
    _criterion(actor, movement, "Số người được hướng dẫn", "people_guided", "1")
    _criterion(actor, movement, "Số dịch vụ đã làm được", "services_done", "1")
    _criterion(actor, movement, "Số buổi tập huấn đã tham dự", "trainings_attended", "5")
    creative = _criterion(actor, movement, "Cách làm sáng tạo, lan tỏa", "", "2", "10")
    services.add_all_teams(actor=actor, movement=movement)
    # A few members: the demo leader (who agreed to be named) and members of other teams.
    leader = Person.objects.filter(user=users["demo-leader"]).first()
    people = [leader] if leader else []
    people += [
        m.person
        for m in Membership.objects.filter(
            left_on__isnull=True, team__place__commune__in=communes, person__user__isnull=True
        )
        .select_related("person")
        .order_by("pk")[:3]
    ]
    for person in people:
        services.add_participant(
            actor=actor, movement=movement, person=person, show_name_publicly=person == leader
        )
    services.change_status(actor=actor, movement=movement, action="launch")
    for points, participant in zip(
        (Decimal(8), Decimal("6.5")),
        Participant.objects.filter(movement=movement, kind="team").order_by("pk")[:2],
        strict=False,
    ):
        services.save_score(
            actor=actor,
            criterion=creative,
            participant=participant,
            points=points,
            note="Tổ chức buổi hướng dẫn tại nhà văn hóa thôn",
        )
    return movement


def _closed(actor, organiser, province, commune, today) -> Movement:
    movement = services.save_movement(
        actor=actor,
        movement=None,
        name=DEMO_CLOSED,
        organiser=organiser,
        province=province,
        communes=[commune],
        starts_on=today - timedelta(days=6),
        ends_on=today - timedelta(days=1),
        description="Đợt thi đua ngắn của đoàn xã: hướng dẫn dịch vụ công trực tuyến.",
    )
    _criterion(actor, movement, "Số hộ đã đến hướng dẫn", "households", "1")
    _criterion(actor, movement, "Số dịch vụ đã làm được", "services_done", "2")
    services.add_all_teams(actor=actor, movement=movement)
    services.change_status(actor=actor, movement=movement, action="launch")
    services.change_status(actor=actor, movement=movement, action="close", today=today)
    return movement
