"""Scoped lookups of reports: one commune report, and a campaign the user reviews. The province's
figures over a campaign's communes are `reports.consolidation`."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tocds.campaigns.models import Campaign
from tocds.campaigns.queries import get_campaign_for_user
from tocds.people.scoping import Perm
from tocds.reports.models import Report
from tocds.reports.services import can_review


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
