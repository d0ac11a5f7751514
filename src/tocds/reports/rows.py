"""The rows of a results report as pages and files show them: each indicator's target, result
and assessment. While a report is editable its formula figures are computed live; once submitted
they are the values frozen into its rows."""

from dataclasses import dataclass

from tocds.campaigns.models import CommunePlan
from tocds.reports import formulas
from tocds.reports.models import Indicator, Report, ReportRow, RowStatus

# Indicators whose commune target is the commune plan's (and the province's, the campaign's).
PLAN_TARGETS = {"households_visited": "households_target", "people_guided": "people_target"}


def plan_field(indicator: Indicator) -> str | None:
    """The plan's target field an indicator takes its target from, or None."""
    return PLAN_TARGETS.get(indicator.formula.strip())


def plan_target(indicator: Indicator, plan: CommunePlan | None) -> int | None:
    """The commune plan's target for a plan-linked indicator, when the plan sets one."""
    field = plan_field(indicator)
    if plan is None or field is None:
        return None
    return getattr(plan, field) or None


def initial_target(indicator: Indicator, plan: CommunePlan | None) -> int:
    """The target a commune's report starts with: the plan's for households and people, the
    indicator's default otherwise."""
    planned = plan_target(indicator, plan)
    return indicator.default_target if planned is None else planned


@dataclass(frozen=True)
class RowView:
    """A row as shown and exported: the live figure while the report is a draft."""

    row: ReportRow | None
    indicator: Indicator
    target: int
    value: int | None
    chosen_status: str
    proposed: str
    accepted: int | None = None  # province report: the part of `value` in accepted reports
    from_plan: bool = False  # the target is the commune plan's (edited there, not here)

    @property
    def status(self) -> str:
        return self.chosen_status or self.proposed

    @property
    def status_label(self) -> str:
        return str(RowStatus(self.status).label)

    @property
    def proposed_label(self) -> str:
        return str(RowStatus(self.proposed).label)


def propose_status(target: int | None, value: int | None) -> str:
    """Achieved when the result reaches the target; "no target set" without a target, "no
    information" without a result."""
    if not target or target <= 0:
        return RowStatus.NO_TARGET
    if value is None:
        return RowStatus.NO_INFORMATION
    return RowStatus.DONE if value >= target else RowStatus.NOT_DONE


def figure_context(report: Report) -> formulas.FigureContext:
    return formulas.FigureContext(campaign=report.campaign, communes=[report.commune_id])


def report_rows(report: Report, context: formulas.FigureContext | None = None) -> list[RowView]:
    """The report's rows. While it is editable, formula values are computed live and the
    targets of households and people are the commune plan's; once submitted, both are the
    values frozen into its rows."""
    live = report.is_editable
    context = context or figure_context(report)
    plan = None
    if live:
        plan = CommunePlan.objects.filter(campaign=report.campaign, commune=report.commune).first()
    views = []
    for row in report.rows.select_related("indicator"):
        value, target = row.value, row.target
        planned = plan_target(row.indicator, plan) if live else None
        if planned is not None:
            target = planned
        if live and not row.indicator.is_manual:
            value = formulas.evaluate(row.indicator.formula, context)
        views.append(
            RowView(
                row=row,
                indicator=row.indicator,
                target=target,
                value=value,
                chosen_status=row.status,
                proposed=propose_status(target, value),
                from_plan=planned is not None,
            )
        )
    return views
