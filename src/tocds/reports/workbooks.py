"""Excel files of results reports: the commune's report and the province's consolidation,
every figure by place and service. Rows come from `tocds.reports.services.report_rows` /
`queries.consolidated_rows` and from `tocds.visits.figures`; these functions only lay them out.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook

from tocds.campaigns.models import Campaign, Service
from tocds.core.xlsx import Column, build_workbook
from tocds.places.models import Place
from tocds.reports.models import Report
from tocds.reports.services import RowView
from tocds.teams.models import Team
from tocds.visits import figures


def _indicator_columns() -> list[Column]:
    return [
        Column("n", _("No."), 6),
        Column("indicator", _("Indicator"), 60),
        Column("unit", _("Unit"), 12),
        Column("target", _("Target"), 12),
        Column("value", _("Result"), 12),
        Column("status", _("Assessment"), 26),
    ]


def _indicator_rows(rows: Sequence[RowView]) -> list[list[object]]:
    return [
        [
            n,
            r.indicator.name,
            r.indicator.get_unit_display(),
            r.target,
            r.value,
            r.status_label,
        ]
        for n, r in enumerate(rows, start=1)
    ]


def _service_names(ids) -> dict[int, str]:
    return dict(Service.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def _place_names(ids) -> dict[int, str]:
    return dict(Place.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def _totals_headers(first: str) -> list[str]:
    return [
        first,
        _("Households visited"),
        _("People guided"),
        _("Hamlets reached"),
        _("Teams active"),
        _("Members active"),
    ]


def _totals_rows(by: dict, names: dict) -> list[list[object]]:
    rows = [
        [names.get(key, key), t.visits, t.people, t.hamlets, t.teams, t.members]
        for key, t in by.items()
    ]
    return sorted(rows, key=lambda r: str(r[0]))


def _service_headers(*first: str) -> list[str]:
    return [
        *first,
        _("Households guided"),
        _("People guided"),
        _("Done"),
        _("Needs a follow-up visit"),
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
                [
                    [d.strftime("%d/%m/%Y"), t.visits, t.people, t.hamlets, t.teams, t.members]
                    for d, t in by_day.items()
                ],
            ),
            (
                _("By service"),
                _service_headers(_("Service")),
                _service_rows(figures.services(campaign_id, communes)),
            ),
        ],
    )


def province_workbook(campaign: Campaign, rows: Sequence[RowView], statuses: dict) -> Workbook:
    """The consolidated report: indicators, then figures by commune, by service and by both."""
    by_commune = figures.totals_by("commune", campaign.pk)
    names = _place_names(by_commune)
    commune_rows = sorted(
        (
            [
                names.get(key, key),
                t.visits,
                t.people,
                t.hamlets,
                t.teams,
                t.members,
                statuses.get(key, ""),
            ]
            for key, t in by_commune.items()
        ),
        key=lambda r: str(r[0]),
    )
    pairs = figures.services_by_commune(campaign.pk)
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
    total = figures.totals(campaign.pk)
    return build_workbook(
        _("Indicators"),
        _indicator_columns(),
        _indicator_rows(rows),
        extra_sheets=[
            (
                _("Province"),
                _totals_headers(_("Province")),
                [
                    [
                        campaign.province.name,
                        total.visits,
                        total.people,
                        total.hamlets,
                        total.teams,
                        total.members,
                    ]
                ],
            ),
            (
                _("By commune"),
                [*_totals_headers(_("Commune")), _("Report")],
                commune_rows,
            ),
            (
                _("By service"),
                _service_headers(_("Service")),
                _service_rows(figures.services(campaign.pk)),
            ),
            (_("By commune and service"), _service_headers(_("Commune"), _("Service")), both),
        ],
    )
