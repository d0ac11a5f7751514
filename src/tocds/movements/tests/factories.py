"""Movements for tests, made through the services as the Youth Union's officer would."""

from datetime import date
from decimal import Decimal

from tocds.movements import services
from tocds.movements.models import Movement
from tocds.people.models import Organisation, OrganisationKind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64


def youth_union(world) -> Organisation:
    _ = world.youth  # the recognition personas make the provincial Youth Union
    return Organisation.objects.get_or_create(
        name="Tỉnh đoàn mẫu", kind=OrganisationKind.YOUTH_UNION, place=world.province
    )[0]


def make_movement(world, *, communes=None, name="Thanh niên tình nguyện chuyển đổi số", **kw):
    """A draft movement over `communes` (default: the whole province), 1–10 October 2026."""
    actor = kw.pop("actor", None) or world.youth
    values = {
        "name": name,
        "organiser": youth_union(world),
        "province": world.province,
        "communes": communes or [],
        "starts_on": date(2026, 10, 1),
        "ends_on": date(2026, 10, 10),
        "description": "",
    }
    values.update(kw)
    return services.save_movement(actor=actor, movement=None, **values)


def measured(world, movement, measure="households", weight="1", name=None):
    return services.save_criterion(
        actor=world.youth,
        movement=movement,
        name=name or f"Tiêu chí {measure}",
        kind="measured",
        measure=measure,
        weight=Decimal(weight),
    )


def manual(world, movement, max_points="10", weight="1", name="Sáng tạo"):
    return services.save_criterion(
        actor=world.youth,
        movement=movement,
        name=name,
        kind="manual",
        weight=Decimal(weight),
        max_points=Decimal(max_points),
    )


def running(world, **kw) -> Movement:
    """A running movement of the whole province counting households (weight 1) with teams A,
    A2 and B taking part."""
    movement = make_movement(world, **kw)
    measured(world, movement)
    for team in (world.team_a, world.team_a2, world.team_b):
        services.add_participant(actor=world.youth, movement=movement, team=team)
    return services.change_status(actor=world.youth, movement=movement, action="launch")
