"""The Excel files of partners, through `core.xlsx`: the province's teams and members by
enterprise (the page's rows, and the staff list), and the offers' uptake (the page's rows)."""

from django.http import HttpResponse
from django.utils import formats
from django.utils.translation import gettext as _

from tocds.core.xlsx import COUNT, Column, build_workbook, workbook_response
from tocds.partners import queries
from tocds.people.scoping import PhoneDisplay


def staff_by_enterprise_workbook(user) -> HttpResponse:
    figures = queries.staff_by_enterprise(user)
    columns = [
        Column("enterprise", _("Enterprise"), width=36),
        Column("commune", _("Commune"), width=28),
        Column("teams", _("Teams"), width=10, number_format=COUNT),
        Column("members", _("Focal staff"), width=12, number_format=COUNT),
    ]
    rows = [(r["enterprise"], r["commune"], r["teams"], r["members"]) for r in figures["rows"]]
    phones = PhoneDisplay.for_user(user)
    staff = []
    for m in queries.staff_members_in_provinces(user):
        place = m.team.place
        commune = place.commune or place
        staff.append(
            (
                m.enterprise.name,
                m.person.full_name,
                m.get_role_display(),
                m.team.name,
                commune.name,
                phones.show(m.person.phone, team=m.team) if m.person.phone else "",
            )
        )
    extra = [
        (
            _("Focal staff"),
            [
                Column("enterprise", _("Enterprise"), width=36),
                Column("name", _("Full name"), width=28),
                Column("role", _("Role in the team"), width=16),
                Column("team", _("Team"), width=30),
                Column("commune", _("Commune"), width=24),
                Column("phone", _("Phone"), width=16),
            ],
            staff,
        )
    ]
    workbook = build_workbook(_("Teams by enterprise"), columns, rows, extra_sheets=extra)
    return workbook_response(workbook, "doanh-nghiep-trong-to.xlsx")


def uptake_workbook(user) -> HttpResponse:
    figures = queries.uptake(user)
    columns = [
        Column("month", _("Month"), width=10),
        Column("enterprise", _("Enterprise"), width=30),
        Column("offer", _("Offer"), width=36),
        Column("commune", _("Commune"), width=24),
        Column("claimed", _("Claimed"), width=10, number_format=COUNT),
        Column("used", _("Used"), width=10, number_format=COUNT),
        Column("expired", _("Expired"), width=10, number_format=COUNT),
        Column("open", _("Still open"), width=10, number_format=COUNT),
    ]
    rows = [
        (
            formats.date_format(r["month"], "YEAR_MONTH_FORMAT"),
            r["offer__enterprise__name"],
            r["offer__service"],
            r["commune__name"],
            r["claimed"],
            r["used"],
            r["expired"],
            r["open"],
        )
        for r in figures["rows"]
    ]
    workbook = build_workbook(_("Uptake of offers"), columns, rows)
    return workbook_response(workbook, "uu-dai-su-dung.xlsx")
