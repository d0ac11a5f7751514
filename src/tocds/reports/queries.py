"""Scoped reads for reports: a campaign's reports with completeness and timeliness, and the
consolidated province report. Row functions shared by pages and exports."""

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tocds.campaigns.models import Campaign
from tocds.campaigns.queries import communes_covered, get_campaign_for_user
from tocds.people.scoping import Perm
from tocds.places.models import Place
from tocds.reports.consolidation import due_date
from tocds.reports.models import Report, ReportStatus
from tocds.reports.services import can_review

REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def get_report_for_user(user, pk: int, perm: Perm | None = None) -> Report:
    """A report of a commune where the user holds `perm` (by default: writes or reviews
    reports); 404 otherwise."""
    return get_object_or_404(
        Report.objects.visible_to(user, perm).select_related("campaign__province", "commune"), pk=pk
    )


def get_campaign_for_review(user, pk: int) -> Campaign:
    """A campaign of a province where the user reviews reports; 404 otherwise."""
    campaign = get_campaign_for_user(user, pk, Perm.REVIEW_REPORTS)
    if not can_review(user, campaign):
        raise Http404
    return campaign


@dataclass(frozen=True)
class CommuneLine:
    commune: Place
    report: Report | None
    timeliness: str  # "on_time" | "late" | "" (not submitted yet)


@dataclass(frozen=True)
class Overview:
    campaign: Campaign
    due_on: date | None
    lines: list[CommuneLine]

    @property
    def expected(self) -> int:
        return len(self.lines)

    @property
    def reported(self) -> int:
        return sum(1 for line in self.lines if line.report and line.report.status in REPORTED)

    @property
    def on_time(self) -> int:
        return sum(1 for line in self.lines if line.timeliness == "on_time")

    @property
    def late(self) -> int:
        return sum(1 for line in self.lines if line.timeliness == "late")


def timeliness(report: Report | None, due_on: date | None) -> str:
    """On time when first submitted by the due date (local day); late otherwise."""
    if report is None or report.first_submitted_at is None or due_on is None:
        return ""
    day = timezone.localdate(report.first_submitted_at)
    return "on_time" if day <= due_on else "late"


def overview(user, campaign: Campaign) -> Overview:
    """Every commune the campaign covers (expected) with its report, if any."""
    communes = communes_covered(campaign, user)
    reports = {
        r.commune_id: r
        for r in Report.objects.visible_to(user).filter(
            campaign=campaign, commune__in=[c.pk for c in communes]
        )
    }
    due_on = due_date(campaign)
    lines = [
        CommuneLine(c, reports.get(c.pk), timeliness(reports.get(c.pk), due_on)) for c in communes
    ]
    return Overview(campaign=campaign, due_on=due_on, lines=lines)
