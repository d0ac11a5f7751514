"""Redemption codes: unguessable and unique, expiring after TOCDS_REDEMPTION_DAYS (never past
the offer), refused once the holder has left their team, used once, and only by the offer's
own enterprise."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tocds.certificates.models import CODE_ALPHABET, CODE_LENGTH
from tocds.partners import services
from tocds.partners.services import CodeStatus
from tocds.partners.tests.factories import make_offer
from tocds.teams.services import end_membership, move_member

pytestmark = pytest.mark.django_db


def test_a_code_is_unguessable_and_expires_after_the_setting(world, settings):
    settings.REDEMPTION_DAYS = 7
    offer = make_offer(world)
    now = timezone.now()
    code = services.claim(actor=world.member, offer=offer, now=now)
    assert len(code.code) == CODE_LENGTH and set(code.code) <= set(CODE_ALPHABET)
    assert code.expires_at == now + timedelta(days=7)
    assert services.status_of(code, now + timedelta(days=6)) == CodeStatus.OPEN
    later = now + timedelta(days=7, seconds=1)
    assert services.status_of(code, later) == CodeStatus.EXPIRED
    with pytest.raises(ValidationError, match="hết hạn"):
        services.use_code(actor=world.partner, redemption=code, now=later)
    code.refresh_from_db()
    assert code.used_at is None


def test_a_code_never_outlives_its_offer(world, settings):
    settings.REDEMPTION_DAYS = 30
    offer = make_offer(world, valid_to=timezone.localdate() + timedelta(days=3))
    code = services.claim(actor=world.member, offer=offer)
    assert timezone.localdate(code.expires_at) <= offer.valid_to + timedelta(days=1)
    assert code.expires_at - timezone.now() < timedelta(days=5)


def test_a_code_is_used_once(world):
    offer = make_offer(world)
    code = services.claim(actor=world.member, offer=offer)
    used = services.use_code(actor=world.partner, redemption=code)
    assert used.used_at is not None and used.used_by == world.partner
    with pytest.raises(ValidationError, match="đã được sử dụng"):
        services.use_code(actor=world.partner, redemption=code)
    assert services.status_of(used) == CodeStatus.USED


def test_a_member_who_left_holds_a_code_that_is_refused(world):
    offer = make_offer(world)
    code = services.claim(actor=world.member, offer=offer)
    end_membership(actor=world.officer_a, membership=world.member_a, reason="chuyển công tác")
    assert services.status_of(code) == CodeStatus.LEFT
    with pytest.raises(ValidationError, match="không còn là thành viên"):
        services.use_code(actor=world.partner, redemption=code)
    code.refresh_from_db()
    assert code.used_at is None


def test_moving_out_of_the_offers_places_ends_the_eligibility(world):
    offer = make_offer(world, communes=[world.commune_a])
    code = services.claim(actor=world.member, offer=offer)
    assert services.status_of(code) == CodeStatus.OPEN
    move_member(actor=world.province_admin, membership=world.member_a, to_team=world.team_b)
    assert services.status_of(code) == CodeStatus.LEFT


def test_another_enterprise_cannot_use_a_code(world):
    offer = make_offer(world)
    code = services.claim(actor=world.member, offer=offer)
    for outsider in (world.partner_b, world.province_admin, world.member):
        with pytest.raises(PermissionDenied):
            services.use_code(actor=outsider, redemption=code)


def test_an_enterprise_manages_its_own_offers_only(world):
    offer = make_offer(world)
    with pytest.raises(PermissionDenied):
        services.move_offer(actor=world.partner_b, offer=offer, action="close")
    with pytest.raises(PermissionDenied):
        make_offer(world, actor=world.partner_b)  # for the world's enterprise
    with pytest.raises(PermissionDenied):
        make_offer(world, actor=world.province_admin)


def test_offers_move_along_their_table(world):
    offer = make_offer(world, publish=False)
    with pytest.raises(ValidationError):
        services.move_offer(actor=world.partner, offer=offer, action="close")
    offer = services.move_offer(actor=world.partner, offer=offer, action="publish")
    offer = services.move_offer(actor=world.partner, offer=offer, action="close")
    assert offer.status == "closed"
    with pytest.raises(ValidationError, match="đã đóng"):
        services.save_offer(
            actor=world.partner,
            offer=offer,
            enterprise=world.enterprise,
            service="x",
            price="y",
            valid_from=offer.valid_from,
            valid_to=offer.valid_to,
            communes=[],
            quota=None,
            conditions=[],
        )
    assert [h.history_change_reason for h in offer.history.order_by("history_date")] == [
        "created",
        "published",
        "closed",
    ]
