"""Offers and focal staff for tests, made through the services as an enterprise's officer
would."""

from datetime import date, timedelta

from django.utils import timezone

from tocds.conftest import World, make_member
from tocds.partners import services
from tocds.partners.models import Offer
from tocds.partners.services import ConditionSpec
from tocds.people.models import Organisation, OrganisationKind


def other_enterprise(w: World) -> Organisation:
    """The enterprise of `partner_b` (made with the outreach personas)."""
    _ = w.partner_b
    return Organisation.objects.get(name="Doanh nghiệp khác mẫu", kind=OrganisationKind.ENTERPRISE)


def tag_staff(w: World) -> None:
    """`w.enterprise`'s focal staff: team B's member and team A's leader; the other
    enterprise's: a member of team A2 (its phone kept to check the masking)."""
    w.member_b.enterprise = w.enterprise
    w.member_b.save(update_fields=["enterprise"])
    w.leader_a.enterprise = w.enterprise
    w.leader_a.save(update_fields=["enterprise"])
    if not w.team_a2.memberships.filter(person__full_name="Ma Thị Khác").exists():
        other = make_member(w.team_a2, "Ma Thị Khác", "+84900000077")
        other.enterprise = other_enterprise(w)
        other.save(update_fields=["enterprise"])


def make_offer(
    w: World,
    *,
    service: str = "Gói data 4G ưu đãi",
    communes=(),
    quota: int | None = None,
    conditions: list[ConditionSpec] | None = None,
    publish: bool = True,
    actor=None,
    enterprise=None,
    valid_to: date | None = None,
) -> Offer:
    today = timezone.localdate()
    offer = services.save_offer(
        actor=actor or w.partner,
        offer=None,
        enterprise=enterprise or w.enterprise,
        service=service,
        description="Ưu đãi cho thành viên Tổ CĐS.",
        price="Giảm 50% cước tháng",
        price_value=50,
        valid_from=today - timedelta(days=1),
        valid_to=valid_to or today + timedelta(days=60),
        communes=list(communes),
        quota=quota,
        conditions=conditions or [],
    )
    if publish:
        offer = services.move_offer(actor=actor or w.partner, offer=offer, action="publish")
    return offer
