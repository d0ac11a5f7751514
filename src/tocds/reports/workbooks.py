"""Excel files of results reports: the commune's report and the province's consolidation,
every figure by place and service. Rows come from `tocds.reports.rows.report_rows` /
`tocds.reports.consolidation` and from `tocds.visits.figures`; these functions only lay them out.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from tocds.campaigns.models import Service
from tocds.core.numbers import share_of
from tocds.core.xlsx import COUNT, DATE, SHARE, Column, Workbook, build_workbook
from tocds.places.models import Place
from tocds.reports.consolidation import Consolidation
from tocds.reports.models import REPORT_STATUS_LABELS, Report
from tocds.reports.rows import RowView
from tocds.teams.models import Team
from tocds.visits import figures


def _count(header: object, width: int = 16) -> Column:
    """A column of whole numbers, written 1.500."""
    return Column("", header, width, number_format=COUNT)


def _indicator_columns() -> list[Column]:
    return [
        Column("n", _("No."), 6),
        Column("indicator", _("Indicator"), 60),
        Column("unit", _("Unit"), 12),
        Column("target", _("Target"), 12, number_format=COUNT),
        Column("value", _("Result"), 12, number_format=COUNT),
        Column("status", _("Assessment"), 26),
    ]


def _indicator_rows(rows: Sequence[RowView], *, accepted: bool = False) -> list[list[object]]:
    lines = []
    for n, r in enumerate(rows, start=1):
        line = [n, r.indicator.label, r.indicator.get_unit_display(), r.target or None, r.value]
        if accepted:
            line.append(r.accepted)
        line.append(r.status_label)
        lines.append(line)
    return lines


def _service_names(ids) -> dict[int, str]:
    return dict(Service.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def _place_names(ids) -> dict[int, str]:
    return dict(Place.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def _totals_headers(first: str) -> list[object]:
    return [
        Column("", first, 28),
        _count(_("Households visited")),
        _count(_("People guided")),
        _count(_("Hamlets reached")),
        _count(_("Teams active")),
        _count(_("Members active")),
    ]


def _totals_rows(by: dict, names: dict) -> list[list[object]]:
    rows = [
        [names.get(key, key), t.visits, t.people, t.hamlets, t.teams, t.members]
        for key, t in by.items()
    ]
    return sorted(rows, key=lambda r: str(r[0]))


def _service_headers(*first: str) -> list[object]:
    return [
        *(Column("", header, 28) for header in first),
        _count(_("Households guided")),
        _count(_("People guided")),
        _count(_("Done")),
        _count(_("Needs a follow-up visit")),
    ]


def _service_rows(by: dict[int, figures.ServiceFigures]) -> list[list[object]]:
    names = _service_names(by)
    return [[names.get(sid, sid), f.visits, f.people, f.done, f.follow_up] for sid, f in by.items()]


def commune_workbook(report: Report, rows: Sequence[RowView]) -> Workbook:
    """The commune's report: indicators, then its figures by hamlet, team, day and service."""
    campaign_id, communes = report.campaign_id, [report.commune_id]
    by_hamlet = figures.totals_by("hamlet", campaign_id, communes)
    by_team = figures.totals_by("team", campaign_id, communes)
    by_day = figures.totals_by("day", campaign_id, communes)
    teams = dict(Team.objects.filter(pk__in=list(by_team)).values_list("pk", "name"))
    total = figures.totals(campaign_id, communes)
    summary = [
        [report.commune.name, total.visits, total.people, total.hamlets, total.teams, total.members]
    ]
    return build_workbook(
        _("Indicators"),
        _indicator_columns(),
        _indicator_rows(rows),
        extra_sheets=[
            (_("Commune"), _totals_headers(_("Commune")), summary),
            (
                _("By hamlet"),
                _totals_headers(_("Hamlet")),
                _totals_rows(by_hamlet, _place_names(by_hamlet)),
            ),
            (_("By team"), _totals_headers(_("Team")), _totals_rows(by_team, teams)),
            (
                _("By day"),
                _totals_headers(_("Day")),
                [[d, t.visits, t.people, t.hamlets, t.teams, t.members] for d, t in by_day.items()],
            ),
            (
                _("By service"),
                _service_headers(_("Service")),
                _service_rows(figures.services(campaign_id, communes)),
            ),
        ],
    )


def _commune_headers() -> list[object]:
    return [
        Column("", _("Commune"), 30),
        _count(_("Households target")),
        _count(_("Households visited")),
        Column("", _("% of target"), 12, number_format=SHARE),
        _count(_("People target")),
        _count(_("People guided")),
        Column("", _("% of target"), 12, number_format=SHARE),
        _count(_("Hamlets reached")),
        _count(_("Teams active")),
        _count(_("Members active")),
        Column("", _("Report"), 16),
        Column("", _("First submitted"), 14, number_format=DATE),
        Column("", _("Timeliness"), 12),
    ]


def _share(part: int, whole: int | None) -> float | None:
    """The share in % with one decimal, as the sheet shows it."""
    value = share_of(part, whole)
    return None if value is None else round(value, 1)


def _commune_rows(consolidation: Consolidation) -> list[list[object]]:
    timeliness = {"on_time": _("on time"), "late": _("late")}
    rows: list[list[object]] = [
        [
            line.commune.name,
            line.households_target,
            line.households,
            _share(line.households, line.households_target),
            line.people_target,
            line.people,
            _share(line.people, line.people_target),
            line.totals.hamlets,
            line.totals.teams,
            line.totals.members,
            str(REPORT_STATUS_LABELS[line.status]),
            line.submitted_on,
            str(timeliness.get(line.timeliness, "")),
        ]
        for line in consolidation.lines
    ]
    c = consolidation
    plans_h, plans_p = c.plans_households_target or None, c.plans_people_target or None
    hamlets = sum(line.totals.hamlets for line in c.lines)
    teams = sum(line.totals.teams for line in c.lines)
    members = sum(line.totals.members for line in c.lines)
    reported = f"{c.reported}/{c.expected}"
    rows.append(
        [
            _("Total of the communes"),
            plans_h,
            c.households,
            _share(c.households, plans_h),
            plans_p,
            c.people,
            _share(c.people, plans_p),
            hamlets,
            teams,
            members,
            reported,
            None,
            "",
        ]
    )
    if (c.households_target, c.people_target) != (plans_h, plans_p):
        rows.append(
            [
                _("Target the province set for the campaign"),
                c.households_target,
                c.households,
                _share(c.households, c.households_target),
                c.people_target,
                c.people,
                _share(c.people, c.people_target),
                None,
                None,
                None,
                "",
                None,
                "",
            ]
        )
    return rows


def province_workbook(consolidation: Consolidation) -> Workbook:
    """The consolidated report: indicators (target, result and the part in accepted reports),
    every covered commune with its target, result and report, then figures by service and by
    commune and service — all over the same communes."""
    campaign, ids = consolidation.campaign, [line.commune.pk for line in consolidation.lines]
    pairs = figures.services_by_commune(campaign.pk, ids)
    services = _service_names({sid for _c, sid in pairs})
    communes = _place_names({cid for cid, _s in pairs})
    both = sorted(
        (
            [
                communes.get(cid, cid),
                services.get(sid, sid),
                f.visits,
                f.people,
                f.done,
                f.follow_up,
            ]
            for (cid, sid), f in pairs.items()
        ),
        key=lambda r: (str(r[0]), str(r[1])),
    )
    columns = _indicator_columns()
    columns.insert(
        5, Column("accepted", _("Of which in accepted reports"), 16, number_format=COUNT)
    )
    return build_workbook(
        _("Indicators"),
        columns,
        _indicator_rows(consolidation.rows, accepted=True),
        extra_sheets=[
            (_("By commune"), _commune_headers(), _commune_rows(consolidation)),
            (
                _("By service"),
                _service_headers(_("Service")),
                _service_rows(figures.services(campaign.pk, ids)),
            ),
            (_("By commune and service"), _service_headers(_("Commune"), _("Service")), both),
        ],
    )
