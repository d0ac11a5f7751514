"""A round with quotas, and nominations in any status, built through the services."""

from datetime import date

from tocds.conftest import World
from tocds.honours import services
from tocds.honours.models import HonourForm, Nomination, NomineeKind, Round

MERIT = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"

# The moves that bring a draft to each status, and who makes them.
PATHS = {
    "draft": [],
    "submitted": [("submit", "officer")],
    "returned": [("submit", "officer"), ("return", "dost")],
    "not_selected": [("submit", "officer"), ("decline", "dost")],
    "selected": [("submit", "officer"), ("select", "dost")],
    "proposed": [("submit", "officer"), ("select", "dost"), ("propose", "home_affairs")],
    "approved": [
        ("submit", "officer"),
        ("select", "dost"),
        ("propose", "home_affairs"),
        ("approve", "chairman"),
    ],
    "not_approved": [
        ("submit", "officer"),
        ("select", "dost"),
        ("propose", "home_affairs"),
        ("reject", "chairman"),
    ],
}


def merit() -> HonourForm:
    return HonourForm.objects.get(name=MERIT)


def make_round(w: World, *, quota: int = 3, submit_by: date | None = None) -> Round:
    return services.save_round(
        actor=w.province_admin,
        round=None,
        province=w.province,
        name="Tổ CĐS tiêu biểu năm 2026",
        year=2026,
        period_from=date(2026, 1, 1),
        period_to=date(2026, 12, 31),
        submit_by=submit_by or date(2099, 12, 1),
        select_by=date(2099, 12, 20),
        quotas={merit().pk: quota},
    )


def nominate_team(w: World, round: Round, team=None, *, officer=None) -> Nomination:
    team = team or w.team_a
    commune = team.place.parent
    officer = officer or (w.officer_a if commune == w.commune_a else w.officer_b)
    return services.save_nomination(
        actor=officer,
        nomination=None,
        round=round,
        form=merit(),
        unit_place=commune,
        unit_organisation=None,
        nominee=services.Nominee(kind=NomineeKind.COLLECTIVE, team=team),
        achievements="Đi từng ngõ, gõ từng nhà.",
        initiatives=[],
    )


def bring_to(w: World, nomination: Nomination, status: str) -> Nomination:
    commune = nomination.unit_place
    officer = w.officer_a if commune == w.commune_a else w.officer_b
    actors = {
        "officer": officer,
        "dost": w.dost,
        "home_affairs": w.home_affairs,
        "chairman": w.chairman,
    }
    for action, who in PATHS[status]:
        nomination = services.move(
            actor=actors[who],
            nomination=nomination,
            action=action,
            comment="Cần bổ sung số liệu." if action in ("return", "decline", "reject") else "",
            decision_number="15/QĐ-UBND" if action in ("approve", "reject") else "",
            decision_date=date(2026, 11, 20) if action in ("approve", "reject") else None,
        )
    return nomination
