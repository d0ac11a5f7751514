"""A sample round of honours (issue 15 §3), "Tổ CĐS tiêu biểu" of the current year, with
nominations at every office's step: a draft and a returned one with the units, one waiting
for the Department's selection, one with Home Affairs, one proposed to the Chairman and one
honoured by a decision (its certificate of merit issued), so each demo login lands on a queue
with something in it."""

from datetime import date, timedelta

from django.utils import timezone

from tocds.honours import services
from tocds.honours.models import HonourForm, NomineeKind, Round
from tocds.initiatives.models import Initiative
from tocds.places.models import Place
from tocds.teams.models import Membership, Team

DEMO_ROUND = "Tổ CĐS tiêu biểu năm {year} (mẫu)"
MERIT = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
FLAG = "Cờ thi đua của Ủy ban nhân dân tỉnh"


def _team_nominee(team: Team) -> services.Nominee:
    return services.Nominee(kind=NomineeKind.COLLECTIVE, team=team)


def load_honours(*, province: Place, communes: list[Place], users: dict) -> Round | None:
    """Idempotent: nothing is added when the sample round exists."""
    today = timezone.localdate()
    name = DEMO_ROUND.format(year=today.year)
    if Round.objects.filter(name=name).exists():
        return None
    merit = HonourForm.objects.get(name=MERIT)
    flag = HonourForm.objects.get(name=FLAG)
    round = services.save_round(
        actor=users["demo-dost"],
        round=None,
        province=province,
        name=name,
        year=today.year,
        period_from=date(today.year, 1, 1),
        period_to=date(today.year, 12, 31),
        submit_by=today + timedelta(days=10),
        select_by=today + timedelta(days=20),
        description="Xét khen thưởng các Tổ chuyển đổi số cộng đồng và cá nhân tiêu biểu.",
        quotas={merit.pk: 6, flag.pk: 1},
    )
    officers = {communes[0].pk: users["demo-commune-a"], communes[1].pk: users["demo-commune-b"]}
    teams = {
        commune.pk: list(Team.objects.filter(place__parent=commune).order_by("place__code", "pk"))
        for commune in communes
    }

    def nominate(commune, nominee, *, form=merit, achievements="", initiatives=()):
        return services.save_nomination(
            actor=officers[commune.pk],
            nomination=None,
            round=round,
            form=form,
            unit_place=commune,
            unit_organisation=None,
            nominee=nominee,
            achievements=achievements,
            initiatives=list(initiatives),
        )

    def move(nomination, action, who, **extra):
        return services.move(actor=users[who], nomination=nomination, action=action, **extra)

    commune_a, commune_b = communes[0], communes[1]
    model = Initiative.objects.filter(commune=commune_a).first()
    a_teams, b_teams = teams[commune_a.pk], teams[commune_b.pk]
    # Honoured by the Chairman's decision.
    honoured = nominate(
        commune_a,
        _team_nominee(a_teams[0]),
        achievements="Hướng dẫn người dân thanh toán không dùng tiền mặt, xây dựng thôn mẫu.",
        initiatives=[model] if model else [],
    )
    move(honoured, "submit", "demo-commune-a")
    move(honoured, "select", "demo-dost")
    move(honoured, "propose", "demo-home-affairs")
    move(
        honoured,
        "approve",
        "demo-chairman",
        decision_number="125/QĐ-UBND",
        decision_date=today - timedelta(days=1),
    )
    # Proposed to the Chairman, selected (with Home Affairs), submitted (with the Department).
    proposed = nominate(commune_b, _team_nominee(b_teams[0]), form=flag)
    move(proposed, "submit", "demo-commune-b")
    move(proposed, "select", "demo-dost")
    move(proposed, "propose", "demo-home-affairs")
    if len(a_teams) > 1:
        selected = nominate(commune_a, _team_nominee(a_teams[1]))
        move(selected, "submit", "demo-commune-a")
        move(selected, "select", "demo-dost")
    if len(b_teams) > 1:
        submitted = nominate(commune_b, _team_nominee(b_teams[1]))
        move(submitted, "submit", "demo-commune-b")
    # Returned to commune B for revision, and a draft of commune A.
    returned = nominate(
        commune_b,
        services.Nominee(
            kind=NomineeKind.INDIVIDUAL,
            name="Nguyễn Thị Mẫu",
            position="Công chức Văn hóa - Xã hội",
            workplace=f"UBND {commune_b.name}",
        ),
    )
    move(returned, "submit", "demo-commune-b")
    move(
        returned,
        "return",
        "demo-dost",
        comment="Bổ sung biên bản họp Hội đồng thi đua - khen thưởng của phường.",
    )
    member = (
        Membership.objects.filter(team__in=a_teams, left_on__isnull=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if member is not None:
        nominate(commune_a, services.Nominee(kind=NomineeKind.INDIVIDUAL, person=member.person))
    return round
