"""The way of a nomination, step by step, through the pages: each office makes its own move
and no other; returns and refusals say why; quotas hold at selection."""

import pytest
from django.core.exceptions import ValidationError

from tocds.certificates.services import certificates_of
from tocds.honours import services
from tocds.honours.models import Nomination, NominationEvent, Status
from tocds.honours.tests.factories import bring_to, make_round, merit, nominate_team

pytestmark = pytest.mark.django_db


def post_move(client, nomination, action, **data):
    return client.post(
        f"/honours/nominations/{nomination.pk}/move/", {"action": action, **data}, follow=True
    )


def test_a_nomination_goes_from_the_commune_to_the_chairmans_decision(world):
    round = make_round(world)
    nomination = nominate_team(world, round)
    steps = [
        ("officer_a", "submit", {}, Status.SUBMITTED),
        ("dost", "select", {}, Status.SELECTED),
        ("home_affairs", "propose", {}, Status.PROPOSED),
        (
            "chairman",
            "approve",
            {"decision_number": "15/QĐ-UBND", "decision_date": "2026-11-20"},
            Status.APPROVED,
        ),
    ]
    for persona, action, data, expected in steps:
        response = post_move(world.client_for(persona), nomination, action, **data)
        assert response.status_code == 200
        nomination.refresh_from_db()
        assert nomination.status == expected, (persona, action)
    assert nomination.decision_number == "15/QĐ-UBND"
    events = list(NominationEvent.objects.filter(nomination=nomination))
    assert [e.to_status for e in events] == [s[3] for s in steps]
    assert [e.actor for e in events] == [
        world.officer_a,
        world.dost,
        world.home_affairs,
        world.chairman,
    ]
    certificate = certificates_of(nomination).get()
    assert certificate.kind == "honour"
    assert certificate.holder_name == world.team_a.name
    assert "15/QĐ-UBND" in certificate.detail


@pytest.mark.parametrize(
    ("status", "persona", "action"),
    [
        ("draft", "dost", "select"),  # nothing to select before submission
        ("submitted", "officer_a", "select"),  # a commune does not select
        ("submitted", "home_affairs", "propose"),  # not selected yet
        ("selected", "dost", "propose"),  # the Department does not appraise
        ("selected", "chairman", "approve"),  # not proposed yet
        ("proposed", "home_affairs", "approve"),  # Home Affairs does not decide
        ("approved", "chairman", "reject"),  # a decision is final
        ("not_selected", "officer_a", "submit"),  # not selected is final
    ],
)
def test_a_move_out_of_turn_is_refused(world, status, persona, action):
    nomination = bring_to(world, nominate_team(world, make_round(world)), status)
    post_move(
        world.client_for(persona),
        nomination,
        action,
        comment="x",
        decision_number="1",
        decision_date="2026-11-20",
    )
    nomination.refresh_from_db()
    assert nomination.status == status


def test_a_return_needs_a_reason_and_goes_back_to_the_unit(world):
    nomination = bring_to(world, nominate_team(world, make_round(world)), "submitted")
    dost = world.client_for("dost")
    response = post_move(dost, nomination, "return", comment="  ")
    assert "Hãy nêu lý do." in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED
    post_move(dost, nomination, "return", comment="Thiếu biên bản họp Hội đồng.")
    nomination.refresh_from_db()
    assert nomination.status == Status.RETURNED
    page = world.client_for("officer_a").get(f"/honours/nominations/{nomination.pk}/")
    assert "Thiếu biên bản họp Hội đồng." in page.content.decode()
    post_move(world.client_for("officer_a"), nomination, "submit")
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


def test_home_affairs_can_return_what_it_appraises(world):
    nomination = bring_to(world, nominate_team(world, make_round(world)), "selected")
    post_move(world.client_for("home_affairs"), nomination, "send_back", comment="Sai mẫu.")
    nomination.refresh_from_db()
    assert nomination.status == Status.RETURNED
    assert nomination.reason == "Sai mẫu."


def test_selection_stops_at_the_quota(world):
    round = make_round(world, quota=1)
    first = bring_to(world, nominate_team(world, round, world.team_a), "submitted")
    second = bring_to(world, nominate_team(world, round, world.team_b), "submitted")
    dost = world.client_for("dost")
    post_move(dost, first, "select")
    response = post_move(dost, second, "select")
    second.refresh_from_db()
    assert second.status == Status.SUBMITTED
    assert "đã hết" in response.content.decode()
    # A place freed by a return can be given again.
    post_move(world.client_for("home_affairs"), first, "send_back", comment="Bổ sung.")
    post_move(dost, second, "select")
    second.refresh_from_db()
    assert second.status == Status.SELECTED


def test_a_quota_cannot_fall_below_what_is_selected(world):
    round = make_round(world, quota=2)
    bring_to(world, nominate_team(world, round, world.team_a), "selected")
    bring_to(world, nominate_team(world, round, world.team_b), "selected")
    with pytest.raises(ValidationError):
        services.save_round(
            actor=world.province_admin,
            round=round,
            province=world.province,
            name=round.name,
            year=round.year,
            period_from=round.period_from,
            period_to=round.period_to,
            submit_by=round.submit_by,
            select_by=round.select_by,
            quotas={merit().pk: 1},
        )


def test_a_first_submission_after_the_deadline_is_refused(world):
    from datetime import date

    round = make_round(world, submit_by=date(2026, 1, 31))
    nomination = nominate_team(world, round)
    with pytest.raises(ValidationError):
        services.move(actor=world.officer_a, nomination=nomination, action="submit")


def test_an_approval_needs_the_decision_number_and_date(world):
    nomination = bring_to(world, nominate_team(world, make_round(world)), "proposed")
    post_move(world.client_for("chairman"), nomination, "approve")
    nomination.refresh_from_db()
    assert nomination.status == Status.PROPOSED


def test_the_chairmans_office_records_one_decision_for_several(world):
    round = make_round(world)
    first = bring_to(world, nominate_team(world, round, world.team_a), "proposed")
    second = bring_to(world, nominate_team(world, round, world.team_b), "proposed")
    response = world.client_for("chairman").post(
        f"/honours/rounds/{round.pk}/decide/",
        {
            "decision_number": "20/QĐ-UBND",
            "decision_date": "2026-11-25",
            f"outcome_{first.pk}": "approve",
            f"outcome_{second.pk}": "reject",
            f"reason_{second.pk}": "Chưa đủ thành tích.",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.decision_number) == (Status.APPROVED, "20/QĐ-UBND")
    assert (second.status, second.reason) == (Status.NOT_APPROVED, "Chưa đủ thành tích.")


def test_a_draft_can_be_deleted_but_not_once_submitted(world):
    round = make_round(world)
    draft = nominate_team(world, round)
    client = world.client_for("officer_a")
    client.post(f"/honours/nominations/{draft.pk}/delete/")
    assert not Nomination.objects.filter(pk=draft.pk).exists()
    submitted = bring_to(world, nominate_team(world, round), "submitted")
    client.post(f"/honours/nominations/{submitted.pk}/delete/")
    assert Nomination.objects.filter(pk=submitted.pk).exists()


def test_a_decision_missing_a_reason_records_nothing_and_names_the_nominee(world):
    round = make_round(world)
    first = bring_to(world, nominate_team(world, round, world.team_a), "proposed")
    second = bring_to(world, nominate_team(world, round, world.team_b), "proposed")
    response = world.client_for("chairman").post(
        f"/honours/rounds/{round.pk}/decide/",
        {
            "decision_number": "20/QĐ-UBND",
            "decision_date": "2026-11-25",
            f"outcome_{first.pk}": "approve",
            f"outcome_{second.pk}": "reject",
            f"reason_{second.pk}": " ",
        },
    )
    assert response.status_code == 200
    assert f"{world.team_b.name}: Hãy nêu lý do." in response.content.decode()
    assert set(Nomination.objects.values_list("status", flat=True)) == {Status.PROPOSED}


# The office that makes each move (for a unit's move, the province's administrator may act for
# the commune too, as everywhere in tocds).
OWNERS = {
    "submit": "officer_a",
    "select": "dost",
    "return": "dost",
    "decline": "dost",
    "propose": "home_affairs",
    "send_back": "home_affairs",
    "approve": "chairman",
    "reject": "chairman",
}
OFFICES = ("province_admin", "officer_a", "officer_b", "youth", "dost", "home_affairs", "chairman")


@pytest.mark.parametrize("action", sorted(services.TRANSITIONS))
def test_every_move_is_made_by_its_office_alone(world, action):
    """From each move's source, every other office is refused (404 outside what it sees, 403
    where it reads but does not act) and the status stays; then the owner makes the move."""
    source = next(iter(services.TRANSITIONS[action].sources))
    nomination = bring_to(world, nominate_team(world, make_round(world)), source)
    data = {"comment": "Lý do.", "decision_number": "7/QĐ-UBND", "decision_date": "2026-11-20"}
    also = ("province_admin",) if action == "submit" else ()
    for persona in OFFICES:
        if persona == OWNERS[action] or persona in also:
            continue
        response = world.client_for(persona).post(
            f"/honours/nominations/{nomination.pk}/move/", {"action": action, **data}
        )
        assert response.status_code in (403, 404), persona
        nomination.refresh_from_db()
        assert nomination.status == source, persona
    response = world.client_for(OWNERS[action]).post(
        f"/honours/nominations/{nomination.pk}/move/", {"action": action, **data}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == services.TRANSITIONS[action].target
