"""Each eligibility condition, true and false, and the rules of a claim: the offer's places,
one claim per member, the quota, a draft or closed offer."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tocds.partners import eligibility, services
from tocds.partners.models import ConditionKind, Redemption
from tocds.partners.services import ConditionSpec
from tocds.partners.tests.factories import make_offer
from tocds.training.models import Completion
from tocds.training.tests.factories import make_course
from tocds.visits.models import VisitTally

pytestmark = pytest.mark.django_db


def lines(world, offer, user):
    member = eligibility.member_facts(user)
    return [(c.label, c.ok) for c in eligibility.checks(offer, member, timezone.localdate())]


def eligible(world, offer, user) -> bool:
    return all(ok for _label, ok in lines(world, offer, user))


def test_an_active_member_of_a_team_in_the_offers_places_is_eligible(world):
    offer = make_offer(world, communes=[world.commune_a])
    assert eligible(world, offer, world.member)
    elsewhere = make_offer(world, service="Chỉ phường B", communes=[world.commune_b])
    assert not eligible(world, elsewhere, world.member)


def test_days_in_the_team(world):
    joined = world.member_a.joined_on
    days = (timezone.localdate() - joined).days
    enough = make_offer(
        world, conditions=[ConditionSpec(ConditionKind.ACTIVE_MEMBER, at_least=days)]
    )
    too_many = make_offer(
        world,
        service="Thâm niên",
        conditions=[ConditionSpec(ConditionKind.ACTIVE_MEMBER, at_least=days + 1)],
    )
    assert eligible(world, enough, world.member)
    assert not eligible(world, too_many, world.member)


def test_leader_or_deputy(world):
    offer = make_offer(world, conditions=[ConditionSpec(ConditionKind.LEADER)])
    assert eligible(world, offer, world.leader)
    assert not eligible(world, offer, world.member)


def test_completed_course(world):
    course = make_course(world.province, "Lớp Ngày Chuyển đổi số")
    offer = make_offer(world, conditions=[ConditionSpec(ConditionKind.COURSE, course=course)])
    assert not eligible(world, offer, world.member)
    Completion.objects.create(course=course, person=world.member_a.person)
    assert eligible(world, offer, world.member)
    Completion.objects.filter(course=course).update(revoked_at=timezone.now())
    assert not eligible(world, offer, world.member)


def test_visits_in_a_campaign(world):
    offer = make_offer(
        world,
        conditions=[ConditionSpec(ConditionKind.VISITS, campaign=world.campaign_all, at_least=5)],
    )

    def tally(campaign, visits, day):
        VisitTally.objects.create(
            campaign=campaign,
            commune=world.commune_a,
            hamlet=world.hamlet_a1,
            team=world.team_a,
            recorded_by=world.member,
            day=day,
            visits=visits,
            people=visits,
        )

    tally(world.campaign_all, 3, date(2026, 10, 2))
    tally(world.campaign_b, 10, date(2026, 10, 2))  # another campaign does not count
    assert not eligible(world, offer, world.member)
    tally(world.campaign_all, 2, date(2026, 10, 3))
    assert eligible(world, offer, world.member)
    label = lines(world, offer, world.member)[1][0]
    assert world.campaign_all.name in label and "5" in label


def test_every_condition_must_hold(world):
    course = make_course(world.province, "Lớp kỹ năng số")
    offer = make_offer(
        world,
        conditions=[
            ConditionSpec(ConditionKind.LEADER),
            ConditionSpec(ConditionKind.COURSE, course=course),
        ],
    )
    assert not eligible(world, offer, world.leader)  # leader, but no course
    with pytest.raises(ValidationError, match="Lớp kỹ năng số"):
        services.claim(actor=world.leader, offer=offer)
    Completion.objects.create(course=course, person=world.leader_a.person)
    assert services.claim(actor=world.leader, offer=offer).code


def test_one_claim_per_member_and_offer(world):
    offer = make_offer(world)
    services.claim(actor=world.member, offer=offer)
    with pytest.raises(ValidationError, match="đã nhận ưu đãi này"):
        services.claim(actor=world.member, offer=offer)
    assert Redemption.objects.filter(offer=offer).count() == 1


def test_the_quota_holds_and_an_expired_code_frees_its_place(world):
    offer = make_offer(world, quota=1)
    first = services.claim(actor=world.member, offer=offer)
    with pytest.raises(ValidationError, match="hết mã"):
        services.claim(actor=world.leader, offer=offer)
    Redemption.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert services.claim(actor=world.leader, offer=offer).code


def test_a_draft_or_closed_offer_is_not_claimed(world):
    draft = make_offer(world, publish=False)
    with pytest.raises(ValidationError, match="không nhận đăng ký"):
        services.claim(actor=world.member, offer=draft)
    offer = make_offer(world, service="Sẽ đóng")
    code = services.claim(actor=world.member, offer=offer)
    services.move_offer(actor=world.partner, offer=offer, action="close")
    with pytest.raises(ValidationError, match="không nhận đăng ký"):
        services.claim(actor=world.leader, offer=offer)
    # Closing stops new claims; a code already given stays usable until it expires.
    assert services.use_code(actor=world.partner, redemption=code).used_at is not None


def test_an_offer_of_other_places_cannot_be_claimed(world):
    offer = make_offer(world, communes=[world.commune_b])
    with pytest.raises(PermissionDenied):
        services.claim(actor=world.member, offer=offer)


def test_someone_without_a_membership_claims_nothing(world):
    offer = make_offer(world)
    for user in (world.officer_a, world.partner):
        with pytest.raises(PermissionDenied):
            services.claim(actor=user, offer=offer)
