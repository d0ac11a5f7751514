"""A sample digital-transformation model (issue 15 §1): "Thôn thanh toán không dùng tiền mặt"
in the first hamlet of commune A, deployed since the demo campaign began (so its results show
the campaign's visits), with a figure entered by hand and marked for replication."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tocds.initiatives import services
from tocds.initiatives.models import Initiative
from tocds.places.models import Place
from tocds.teams.models import Team

DEMO_INITIATIVE = "Thôn thanh toán không dùng tiền mặt (mẫu)"


def load_initiatives(*, commune: Place, users: dict) -> Initiative | None:
    """Idempotent: nothing is added when the sample model exists."""
    if Initiative.objects.filter(name=DEMO_INITIATIVE).exists():
        return None
    hamlet = Place.objects.current().filter(parent=commune).order_by("code").first()
    if hamlet is None:
        return None
    officer = users["demo-commune-a"]
    initiative = services.save_initiative(
        actor=officer,
        initiative=None,
        name=DEMO_INITIATIVE,
        kind="model",
        place=hamlet,
        extra_hamlets=[],
        skills=["payment", "shopping"],
        team=Team.objects.filter(place=hamlet).first(),
        people="",
        description=(
            "Các hộ kinh doanh trong thôn nhận thanh toán bằng mã QR; tổ công nghệ số cộng đồng "
            "hướng dẫn người dân mở tài khoản, dùng ví điện tử và nhận diện lừa đảo."
        ),
        starts_on=timezone.localdate() - timedelta(days=10),
    )
    services.change_status(actor=officer, initiative=initiative, action="deploy")
    services.add_figure(
        actor=officer,
        initiative=initiative,
        label="Hộ kinh doanh nhận thanh toán QR",
        value=Decimal(18),
        unit="hộ",
    )
    services.mark_for_replication(actor=users["demo-province"], initiative=initiative, marked=True)
    return initiative
