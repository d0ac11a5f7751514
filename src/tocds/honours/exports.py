"""The Excel file of honours: every honoured nomination in the user's places, and the counts
by commune, form and year — the same rows as the figures page (`queries.figures`)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from tocds.core.xlsx import COUNT, DATE, Column, build_workbook, workbook_response
from tocds.honours import queries
from tocds.honours.models import NomineeKind
from tocds.people.scoping import Perm


def figures_workbook(user) -> HttpResponse:
    honoured = (
        queries.nominations(user, Perm.VIEW_HONOURS)
        .honoured()
        .select_related("commune")
        .order_by("round__year", "commune__name", "pk")
    )
    kinds = dict(NomineeKind.choices)
    columns = [
        Column("nominee", _("Nominee"), width=36),
        Column("kind", _("Collective or individual"), width=16),
        Column("form", _("Form of honour"), width=36),
        Column("commune", _("Commune"), width=24),
        Column("round", _("Round"), width=36),
        Column("year", _("Year"), width=8, number_format=COUNT),
        Column("unit", _("Proposing unit"), width=30),
        Column("decision", _("Decision number"), width=18),
        Column("decided_on", _("Decision date"), width=14, number_format=DATE),
    ]
    rows = [
        (
            n.nominee,
            str(kinds[n.kind]),
            n.form.name,
            n.commune.name if n.commune_id else _("Province level"),
            n.round.name,
            n.round.year,
            n.unit_name,
            n.decision_number,
            n.decision_date,
        )
        for n in honoured
    ]
    figures = queries.figures(user)
    count = Column("n", _("Honoured"), width=12, number_format=COUNT)
    extra = [
        (
            _("By commune"),
            [Column("commune", _("Commune"), width=30), count],
            [
                (row["commune__name"] or _("Province level"), row["n"])
                for row in figures["by_commune"]
            ],
        ),
        (
            _("By form"),
            [Column("form", _("Form of honour"), width=40), count],
            [(row["form__name"], row["n"]) for row in figures["by_form"]],
        ),
        (
            _("By year"),
            [Column("year", _("Year"), width=10, number_format=COUNT), count],
            [(row["round__year"], row["n"]) for row in figures["by_year"]],
        ),
    ]
    workbook = build_workbook(_("Honours"), columns, rows, extra_sheets=extra)
    return workbook_response(workbook, "khen-thuong.xlsx")
