"""Sample offers of the telecom enterprise (issue 16 §4, D7.2): a discounted 4G data package
for every active team member, and a phone-repair discount for team leaders and deputies who
completed the Digital Transformation Day course; demo-member's code used at the enterprise,
demo-leader's still open. `demo-partner` lands on the enterprise's page with all of it, and
its focal staff are the demo memberships tagged with the enterprise."""

from datetime import timedelta

from django.utils import timezone

from tocds.partners import services
from tocds.partners.models import ConditionKind, Offer, Redemption
from tocds.partners.services import ConditionSpec
from tocds.people.models import Organisation, OrganisationKind
from tocds.people.scoping import forget_cached_scope
from tocds.places import tree
from tocds.places.models import Place
from tocds.training.models import Course

ENTERPRISE = "Doanh nghiệp viễn thông (mẫu)"
DATA_PACKAGE = "Gói data 4G ưu đãi cho thành viên Tổ CĐS (mẫu)"
REPAIR = "Giảm giá sửa chữa, thay pin điện thoại (mẫu)"


def load_partners(*, province: Place, users: dict) -> Offer | None:
    """Idempotent: nothing is added when the sample data package exists."""
    if Offer.objects.filter(service=DATA_PACKAGE).exists():
        return None
    enterprise = Organisation.objects.filter(
        name=ENTERPRISE, kind=OrganisationKind.ENTERPRISE, place=province
    ).first()
    if enterprise is None:
        return None
    partner = users["demo-partner"]
    today = timezone.localdate()
    data = services.save_offer(
        actor=partner,
        offer=None,
        enterprise=enterprise,
        service=DATA_PACKAGE,
        description="Gói 4G 5 GB/ngày, miễn phí truy cập Cổng Dịch vụ công và VNeID, "
        "để hướng dẫn người dân ngay tại thôn.",
        price="Giảm 50% cước tháng (còn 35.000 đồng/tháng)",
        price_value=35000,
        valid_from=today - timedelta(days=7),
        valid_to=today + timedelta(days=120),
        communes=[],
        quota=500,
        conditions=[ConditionSpec(ConditionKind.ACTIVE_MEMBER, at_least=1)],
        is_sample=True,
    )
    services.move_offer(actor=partner, offer=data, action="publish")
    conditions = [ConditionSpec(ConditionKind.LEADER)]
    dx_day = (
        Course.objects.filter(dx_day=True)
        .filter(tree.within(province, "place__path"))
        .order_by("pk")
        .first()
    )
    if dx_day is not None:
        conditions.append(ConditionSpec(ConditionKind.COURSE, course=dx_day))
    repair = services.save_offer(
        actor=partner,
        offer=None,
        enterprise=enterprise,
        service=REPAIR,
        description="Tại các cửa hàng của doanh nghiệp trong tỉnh; xuất trình mã và căn cước.",
        price="Giảm 30% tiền công sửa chữa",
        price_value=30,
        valid_from=today - timedelta(days=7),
        valid_to=today + timedelta(days=60),
        communes=[],
        quota=50,
        conditions=conditions,
        is_sample=True,
    )
    services.move_offer(actor=partner, offer=repair, action="publish")
    codes = []
    for username in ("demo-member", "demo-leader"):
        user = users[username]
        forget_cached_scope(user)  # linked to their membership during this load
        if not Redemption.objects.filter(offer=data, person__user=user).exists():
            codes.append(services.claim(actor=user, offer=data))
    if codes:
        services.use_code(actor=partner, redemption=codes[0])  # demo-member's, used
    return data
