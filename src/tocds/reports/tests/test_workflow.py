"""Only the allowed transitions happen, each by the right person, each recorded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tocds.conftest import make_campaign
from tocds.reports import services
from tocds.reports.models import Report, ReportEvent, ReportStatus
from tocds.reports.rows import report_rows
from tocds.reports.tests.helpers import record_visits, report_a, visit

DRAFT, SUBMITTED, RETURNED, ACCEPTED = (
    ReportStatus.DRAFT,
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.ACCEPTED,
)

# (status before, action, who) -> status after. Written from the brief, not from the code's
# table: the commune officer submits drafts and returned reports; the province admin accepts,
# returns and unlocks. The province admin also holds WRITE_REPORTS (all permissions, see
# people.scoping.ROLE_PERMISSIONS), so may submit on a commune's behalf.
ALLOWED = {
    (DRAFT, "submit", "officer_a"): SUBMITTED,
    (RETURNED, "submit", "officer_a"): SUBMITTED,
    (DRAFT, "submit", "province_admin"): SUBMITTED,
    (RETURNED, "submit", "province_admin"): SUBMITTED,
    (SUBMITTED, "accept", "province_admin"): ACCEPTED,
    (SUBMITTED, "return", "province_admin"): RETURNED,
    (ACCEPTED, "unlock", "province_admin"): RETURNED,
}
ACTIONS = ("submit", "accept", "return", "unlock", "delete")
ACTORS = ("officer_a", "officer_b", "province_admin", "leader", "member")


@pytest.mark.parametrize("before", [DRAFT, SUBMITTED, RETURNED, ACCEPTED])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ACTORS)
def test_only_allowed_transitions_happen(world, before, action, who):
    report = report_a(world)
    Report.objects.filter(pk=report.pk).update(status=before)
    report.refresh_from_db()
    after = ALLOWED.get((before, action, who))
    actor = getattr(world, who)
    if after is None:
        with pytest.raises((PermissionDenied, ValidationError)):
            services.transition(actor=actor, report=report, action=action, comment="lý do")
        report.refresh_from_db()
        assert report.status == before
        assert not ReportEvent.objects.filter(report=report).exists()
    else:
        services.transition(actor=actor, report=report, action=action, comment="lý do")
        report.refresh_from_db()
        assert report.status == after
        event = ReportEvent.objects.get(report=report)
        assert (event.action, event.from_status, event.to_status, event.actor) == (
            action,
            before,
            after,
            actor,
        )


def test_return_needs_a_comment_and_keeps_it(world):
    report = report_a(world)
    services.transition(actor=world.officer_a, report=report, action="submit")
    with pytest.raises(ValidationError):
        services.transition(actor=world.province_admin, report=report, action="return")
    services.transition(
        actor=world.province_admin, report=report, action="return", comment="Thiếu số liệu xóm 2"
    )
    assert report.events.last().comment == "Thiếu số liệu xóm 2"


def test_a_second_click_on_the_same_step_is_refused(world):
    report = report_a(world)
    stale = Report.objects.get(pk=report.pk)
    services.transition(actor=world.officer_a, report=report, action="submit")
    services.transition(actor=world.province_admin, report=report, action="accept")
    with pytest.raises(ValidationError):  # the stale copy still says "submitted"
        services.transition(actor=world.province_admin, report=stale, action="accept")
    assert report.events.count() == 2


def test_submission_freezes_computed_figures_and_draft_figures_are_live(world):
    record_visits(world, world.leader, [visit(world, household="1")])
    report = report_a(world)
    households = lambda r: next(  # noqa: E731
        v.value for v in report_rows(r) if v.indicator.code == "households-reached"
    )
    assert households(report) == 1
    record_visits(world, world.leader, [visit(world, household="2")])
    assert households(report) == 2  # live while a draft
    report = services.transition(actor=world.officer_a, report=report, action="submit")
    record_visits(world, world.leader, [visit(world, household="3")])
    assert households(report) == 2  # frozen at submission
    report = services.transition(
        actor=world.province_admin, report=report, action="return", comment="bổ sung"
    )
    assert households(report) == 3  # live again once returned to the commune


def test_timeliness_uses_the_first_submission(world):
    from datetime import timedelta

    from django.utils import timezone

    from tocds.reports.consolidation import consolidate

    report = report_a(world)
    services.set_due_date(
        actor=world.province_admin,
        campaign=world.campaign_all,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    services.transition(actor=world.officer_a, report=report, action="submit")
    overview = consolidate(world.campaign_all)
    # Commune A submitted after the due date; commune B has not submitted and the date is past.
    assert (overview.expected, overview.reported, overview.late, overview.on_time) == (2, 1, 2, 0)
    assert [line.timeliness for line in overview.lines] == ["late", "late"]


class ReportWorkflow(RuleBasedStateMachine):
    """Random sequences of steps by random people: the status follows the model, and every
    status change (and only those) leaves one event."""

    world = None

    def __init__(self):
        super().__init__()
        campaign = make_campaign(self.world.province, "Máy trạng thái")
        self.report = services.start_report(
            actor=self.world.officer_a, campaign=campaign, commune=self.world.commune_a
        )
        self.status = DRAFT
        self.moves = 0

    @rule(action=st.sampled_from(ACTIONS), who=st.sampled_from(ACTORS))
    def step(self, action, who):
        after = ALLOWED.get((self.status, action, who))
        try:
            services.transition(
                actor=getattr(self.world, who), report=self.report, action=action, comment="x"
            )
        except (PermissionDenied, ValidationError):
            assert after is None
        else:
            assert after is not None
            self.status = after
            self.moves += 1

    @rule()
    def edit(self):
        try:
            services.save_report(
                actor=self.world.officer_a,
                report=self.report,
                number="",
                direction="sửa",
                results="",
                shortcomings="",
                proposals="",
                signer_title="",
                signer_name="",
                rows={},
            )
        except services.ReportLocked:
            assert self.status in (SUBMITTED, ACCEPTED)
        else:
            assert self.status in (DRAFT, RETURNED)

    @invariant()
    def matches_the_model(self):
        self.report.refresh_from_db()
        assert self.report.status == self.status
        assert self.report.events.count() == self.moves


def test_workflow_state_machine(world):
    ReportWorkflow.world = world
    run_state_machine_as_test(
        ReportWorkflow,
        settings=hsettings(max_examples=25, stateful_step_count=12, deadline=None),
    )
