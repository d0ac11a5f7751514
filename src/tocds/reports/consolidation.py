"""The province's consolidated results report of a campaign (D4.4): one computation read by the
report page, the Excel file and the Word document, and agreeing with the campaign dashboard.

Every figure covers the same communes: every current commune the campaign covers.

- A commune's **households and people targets** are its commune plan's; the province's are the
  campaign's own targets where the province set them, else the sum of the communes' plans (the
  dashboard's rule).
- Any other indicator's province **target** is the sum over the covered communes of the target
  in the commune's report, or, for a commune without a report, the target its report would
  start with (the indicator's default). Percentages: the mean of the targets that are set.
- A **formula** indicator's result is computed from the visits of all covered communes (the
  same tallies as the dashboard); a **hand-entered** one is the sum of the figures in the
  submitted and accepted reports (percentages: their mean).
- "Of which in accepted reports": the same figure over the accepted reports only, as they were
  frozen when submitted.
- The verdict follows from target and result (`rows.propose_status`); without a target it says
  so.
See `docs/reports.md`.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from tocds.campaigns.models import Campaign, CommunePlan
from tocds.campaigns.queries import covered_communes
from tocds.core.numbers import share_of
from tocds.places.models import Place
from tocds.reports import formulas
from tocds.reports.models import (
    REPORT_STATUS_LABELS,
    REPORT_STATUS_VI,
    Indicator,
    Report,
    ReportDeadline,
    ReportRow,
    ReportStatus,
    RowStatus,
    Unit,
)
from tocds.reports.rows import RowView, initial_target, plan_field, propose_status
from tocds.visits import figures

REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
ACCEPTED = ReportStatus.ACCEPTED


@dataclass(frozen=True)
class CommuneLine:
    """One covered commune: its plan targets, its results, and where its report stands."""

    commune: Place
    report: Report | None
    households_target: int | None
    people_target: int | None
    totals: figures.Totals
    due_on: date | None

    @property
    def status(self) -> str:
        """The report's status, "" when the commune has not started one."""
        return self.report.status if self.report else ""

    @property
    def status_label(self) -> str:
        return str(REPORT_STATUS_LABELS[self.status])

    @property
    def status_vi(self) -> str:
        return REPORT_STATUS_VI[self.status]

    @property
    def submitted_on(self) -> date | None:
        """The day the commune first submitted its report (local date)."""
        if self.report is None or self.report.first_submitted_at is None:
            return None
        return timezone.localdate(self.report.first_submitted_at)

    @property
    def timeliness(self) -> str:
        """ "on_time" when first submitted by the due date, "late" after it or when the due
        date has passed without a submission, "" otherwise."""
        if self.due_on is None:
            return ""
        if self.submitted_on is None:
            return "late" if timezone.localdate() > self.due_on else ""
        return "on_time" if self.submitted_on <= self.due_on else "late"

    @property
    def households(self) -> int:
        return self.totals.visits

    @property
    def people(self) -> int:
        return self.totals.people

    @property
    def households_share(self) -> float | None:
        return share_of(self.households, self.households_target)


@dataclass(frozen=True)
class Consolidation:
    campaign: Campaign
    due_on: date | None
    lines: list[CommuneLine]
    rows: list[RowView]
    households_target: int | None  # the province's (campaign's own, else the plans' sum)
    people_target: int | None

    @property
    def expected(self) -> int:
        return len(self.lines)

    def count(self, *statuses: str) -> int:
        return sum(1 for line in self.lines if line.status in statuses)

    @property
    def reported(self) -> int:
        return self.count(*REPORTED)

    @property
    def accepted(self) -> int:
        return self.count(ReportStatus.ACCEPTED)

    @property
    def on_time(self) -> int:
        return sum(1 for line in self.lines if line.timeliness == "on_time")

    @property
    def late(self) -> int:
        return sum(1 for line in self.lines if line.timeliness == "late")

    @property
    def households(self) -> int:
        return sum(line.households for line in self.lines)

    @property
    def people(self) -> int:
        return sum(line.people for line in self.lines)

    @property
    def plans_households_target(self) -> int:
        return sum(line.households_target or 0 for line in self.lines)

    @property
    def plans_people_target(self) -> int:
        return sum(line.people_target or 0 for line in self.lines)

    @property
    def households_share(self) -> float | None:
        return share_of(self.households, self.households_target)

    def line_share(self, whole: int | None) -> float | None:
        return share_of(self.households, whole)

    def verdicts(self) -> dict[str, int]:
        """How many indicators have each verdict."""
        counts = dict.fromkeys(RowStatus.values, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts


def due_date(campaign: Campaign) -> date | None:
    deadline = ReportDeadline.objects.filter(campaign=campaign).first()
    return deadline.due_on if deadline else None


def _mean(values: list[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


def _combine(values: list[int], unit: str) -> int | None:
    """Sum of the communes' figures; the mean for a percentage. None when there is none."""
    if not values:
        return None
    return _mean(values) if unit == Unit.PERCENT else sum(values)


def consolidate(campaign: Campaign) -> Consolidation:
    """The province report of the campaign over every commune it covers."""
    communes = list(covered_communes(campaign))
    ids = [c.pk for c in communes]
    mine = {"campaign": campaign, "commune__in": ids}
    plans = {p.commune_id: p for p in CommunePlan.objects.filter(**mine)}
    reports = {r.commune_id: r for r in Report.objects.filter(**mine)}
    by_commune = figures.totals_by("commune", campaign.pk, ids)
    due_on = due_date(campaign)

    def planned(commune: Place, field: str) -> int | None:
        plan = plans.get(commune.pk)
        return (getattr(plan, field) or None) if plan else None

    lines = [
        CommuneLine(
            commune=commune,
            report=reports.get(commune.pk),
            households_target=planned(commune, "households_target"),
            people_target=planned(commune, "people_target"),
            totals=by_commune.get(commune.pk, figures.Totals()),
            due_on=due_on,
        )
        for commune in communes
    ]
    plans_households = sum(line.households_target or 0 for line in lines)
    plans_people = sum(line.people_target or 0 for line in lines)
    province_targets = {
        "households_target": campaign.households_target or plans_households or None,
        "people_target": campaign.people_target or plans_people or None,
    }
    rows = _indicator_rows(campaign, ids, plans, reports, province_targets)
    return Consolidation(
        campaign=campaign,
        due_on=due_on,
        lines=lines,
        rows=rows,
        households_target=province_targets["households_target"],
        people_target=province_targets["people_target"],
    )


def _indicator_rows(
    campaign: Campaign,
    ids: list[int],
    plans: dict[int, CommunePlan],
    reports: dict[int, Report],
    province_targets: dict[str, int | None],
) -> list[RowView]:
    # (indicator, commune) → (report status, target, value) of every report row of the campaign.
    cells: dict[int, dict[int, tuple[str, int, int | None]]] = defaultdict(dict)
    rows = ReportRow.objects.filter(report__campaign=campaign, report__commune__in=ids)
    for indicator_id, commune_id, status, target, value in rows.values_list(
        "indicator_id", "report__commune_id", "report__status", "target", "value"
    ):
        cells[indicator_id][commune_id] = (status, target, value)
    indicators = Indicator.objects.filter(pk__in=list(cells)) | Indicator.objects.filter(
        is_active=True
    )
    context = formulas.FigureContext(campaign=campaign, communes=ids)
    views = []
    for indicator in indicators.distinct().order_by("position", "code"):
        given = cells.get(indicator.pk, {})
        percent = indicator.unit == Unit.PERCENT
        field = plan_field(indicator)
        if field is not None:
            target = province_targets[field]
        else:
            targets = [
                given[c][1] if c in given else initial_target(indicator, plans.get(c)) for c in ids
            ]
            target = _mean([t for t in targets if t]) if percent else sum(targets)
        reported = [v for s, _t, v in given.values() if s in REPORTED and v is not None]
        accepted = [v for s, _t, v in given.values() if s == ACCEPTED and v is not None]
        if indicator.is_manual:
            value = _combine(reported, indicator.unit)
        else:
            value = formulas.evaluate(indicator.formula, context)
        views.append(
            RowView(
                row=None,
                indicator=indicator,
                target=target or 0,
                value=value,
                chosen_status="",
                proposed=propose_status(target, value),
                accepted=_combine(accepted, indicator.unit),
            )
        )
    return views
