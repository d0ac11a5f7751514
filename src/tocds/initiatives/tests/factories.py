"""Initiatives for tests, made through the services as an officer would."""

from datetime import date

from tocds.initiatives import services
from tocds.initiatives.models import Initiative

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64


def make_initiative(world, *, commune="a", name=None, **overrides) -> Initiative:
    actor = world.officer_a if commune == "a" else world.officer_b
    values = {
        "name": name or f"Thôn thanh toán không dùng tiền mặt {commune.upper()}",
        "kind": "model",
        "place": world.hamlet_a1 if commune == "a" else world.hamlet_b1,
        "extra_hamlets": [],
        "skills": ["payment", "public_services"],
        "starts_on": date(2026, 10, 1),
    }
    values.update(overrides)
    return services.save_initiative(actor=actor, initiative=None, **values)
