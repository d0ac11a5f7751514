"""Members in and out of Excel: the import template, the all-or-nothing import, the export."""

from collections import Counter
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tocds.core.text import fold
from tocds.core.xlsx import (
    Column,
    ImportResult,
    NotAnExcelFile,
    RowError,
    build_workbook,
    export_workbook,
    parse_date,
    read_rows,
)
from tocds.people.models import Gender, Organisation, OrganisationKind
from tocds.people.phones import national, normalise_phone
from tocds.people.scoping import Perm, PhoneDisplay
from tocds.teams.models import AffiliationKind, Membership, Team, TeamRole
from tocds.teams.services import MemberDetails, add_member


def _labels(choices) -> dict[str, str]:
    """Accept a choice by its Vietnamese label or its code, ignoring case and diacritics."""
    mapping = {fold(str(label)): value for value, label in choices}
    mapping.update({fold(value): value for value, _label in choices if value})
    return mapping


def member_columns() -> tuple[Column, ...]:
    return (
        Column("team_id", _("Team code"), width=10, required=True),
        Column("full_name", _("Full name"), width=28, required=True),
        Column("phone", _("Phone number"), width=16),
        Column(
            "gender",
            _("Gender"),
            width=10,
            choices=[str(label) for value, label in Gender.choices if value],
        ),
        Column("birth_year", _("Birth year"), width=10),
        Column("role", _("Role in the team"), width=14, choices=[str(x.label) for x in TeamRole]),
        Column("affiliations", _("Affiliations"), width=30),
        Column("enterprise", _("Enterprise"), width=24),
        Column("joined_on", _("Joined on"), width=14),
    )


def import_template(user) -> Workbook:
    """An empty member sheet plus a sheet listing the teams the user may add members to."""
    teams = (
        Team.objects.visible_to(user, Perm.MANAGE_MEMBERS)
        .active()
        .select_related("place", "place__commune")
    )
    enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).order_by("name")
    return build_workbook(
        _("Members"),
        member_columns(),
        extra_sheets=[
            (
                _("Teams"),
                [_("Team code"), _("Team"), _("Hamlet"), _("Commune")],
                [(t.pk, t.name, t.place.name, t.place.commune.name) for t in teams],
            ),
            (
                _("Lists"),
                [_("Affiliations"), _("Enterprise")],
                _zip_longest(
                    [str(label) for _value, label in AffiliationKind.choices],
                    [e.name for e in enterprises],
                ),
            ),
        ],
    )


def _zip_longest(*columns: list[str]) -> list[list[str]]:
    length = max((len(c) for c in columns), default=0)
    return [[c[i] if i < len(c) else "" for c in columns] for i in range(length)]


def import_members(*, actor, upload) -> ImportResult:
    """Every row valid → every member added; any row invalid → nothing, and errors by row."""
    result = ImportResult()
    try:
        rows, file_errors = read_rows(upload, member_columns())
    except NotAnExcelFile:
        result.errors.append(RowError(0, _("The file is not an Excel workbook (.xlsx).")))
        return result
    if file_errors or not rows:
        result.errors.extend(file_errors or [RowError(0, _("The file has no rows to import."))])
        return result
    teams = {str(t.pk): t for t in Team.objects.visible_to(actor, Perm.MANAGE_MEMBERS).active()}
    enterprises = {
        fold(o.name): o for o in Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
    }
    genders = _labels(Gender.choices)
    roles = _labels(TeamRole.choices)
    affiliation_kinds = _labels(AffiliationKind.choices)
    this_year = timezone.localdate().year

    parsed: list[tuple[int, Team, MemberDetails, date | None]] = []
    phones_in_file: dict[str, int] = {}
    for row in rows:
        errors: list[str] = []
        team = teams.get(row.text("team_id"))
        if team is None:
            errors.append(_("unknown team code “%s” (or not yours)") % row.text("team_id"))
        full_name = row.text("full_name")
        if not full_name:
            errors.append(_("full name is empty"))
        phone = None
        if row.text("phone"):
            try:
                phone = normalise_phone(row.text("phone"))
            except ValidationError:
                errors.append(_("“%s” is not a valid Vietnamese phone number") % row.text("phone"))
        if phone and phone in phones_in_file:
            errors.append(_("phone number repeated (row %d)") % phones_in_file[phone])
        elif phone:
            phones_in_file[phone] = row.number
        gender = genders.get(fold(row.text("gender")), None) if row.text("gender") else ""
        if gender is None:
            errors.append(_("unknown gender “%s”") % row.text("gender"))
        birth_year = None
        if row.text("birth_year"):
            text = row.text("birth_year")
            if not text.isdigit() or not (this_year - 100 <= int(text) <= this_year):
                errors.append(_("birth year “%s” is not a year") % text)
            else:
                birth_year = int(text)
        role = roles.get(fold(row.text("role"))) if row.text("role") else TeamRole.MEMBER
        if role is None:
            errors.append(_("unknown role “%s”") % row.text("role"))
        kinds: list[str] = []
        for label in filter(None, (p.strip() for p in row.text("affiliations").split(","))):
            kind = affiliation_kinds.get(fold(label))
            if kind is None:
                errors.append(_("unknown affiliation “%s”") % label)
            else:
                kinds.append(kind)
        enterprise = None
        if row.text("enterprise"):
            enterprise = enterprises.get(fold(row.text("enterprise")))
            if enterprise is None:
                errors.append(_("unknown enterprise “%s”") % row.text("enterprise"))
            elif AffiliationKind.ENTERPRISE not in kinds:
                kinds.append(AffiliationKind.ENTERPRISE)
        try:
            joined_on = parse_date(row.values.get("joined_on"))
        except ValueError:
            errors.append(_("“%s” is not a date (dd/mm/yyyy)") % row.text("joined_on"))
            joined_on = None
        if errors:
            result.errors.extend(RowError(row.number, e) for e in errors)
            continue
        details = MemberDetails(
            full_name=full_name,
            phone=phone,
            gender=gender,
            birth_year=birth_year,
            role=role,
            affiliations=tuple(dict.fromkeys(kinds)),
            enterprise=enterprise,
        )
        parsed.append((row.number, team, details, joined_on))

    # Phones of people already active in a team (any team: one active team per person).
    taken = set(
        Membership.objects.active()
        .filter(person__phone__in=list(phones_in_file))
        .values_list("person__phone", flat=True)
    )
    for number, phone in ((n, p) for p, n in phones_in_file.items() if p in taken):
        result.errors.append(
            RowError(
                number,
                _("phone number %s belongs to a person who is already an active team member")
                % national(phone),
            )
        )
    leaders = Counter(t.pk for _n, t, d, _j in parsed if d.role == TeamRole.LEADER)
    for number, team, details, _joined in parsed:
        if details.role == TeamRole.LEADER and leaders[team.pk] > 1:
            result.errors.append(RowError(number, _("more than one leader for this team")))
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result

    try:
        with transaction.atomic():
            for number, team, details, joined_on in parsed:
                try:
                    add_member(actor=actor, team=team, details=details, joined_on=joined_on)
                except ValidationError as exc:
                    for message in exc.messages:
                        result.errors.append(RowError(number, message))
            if result.errors:
                raise _RollBack
            result.created = len(parsed)
    except _RollBack:
        result.created = 0
    return result


class _RollBack(Exception):
    pass


def export_members(user, rows: list[dict]) -> Workbook:
    """Members the user may see (rows of `queries.member_rows`); phone numbers masked unless
    the user's role needs them for that team."""
    phones = PhoneDisplay.for_user(user)
    genders = {value: str(label) for value, label in Gender.choices}
    roles = {value: str(label) for value, label in TeamRole.choices}
    kinds = {value: str(label) for value, label in AffiliationKind.choices}
    headers = [
        _("Commune"),
        _("Hamlet"),
        _("Team code"),
        _("Team"),
        _("Full name"),
        _("Phone number"),
        _("Gender"),
        _("Birth year"),
        _("Role in the team"),
        _("Affiliations"),
        _("Enterprise"),
        _("Joined on"),
    ]
    lines = []
    for row in rows:
        lines.append(
            [
                row["team__place__commune__name"] or "",
                row["team__place__name"] if row["team__place__level"] == "hamlet" else "",
                row["team_id"],
                row["team__name"],
                row["person__full_name"],
                phones.show(
                    row["person__phone"], team_id=row["team_id"], path=row["team__place__path"]
                ),
                genders.get(row["person__gender"], "") if row["person__gender"] else "",
                row["person__birth_year"] or "",
                roles[row["role"]],
                ", ".join(kinds[k] for k in row["affiliations"]),
                row["enterprise__name"] or "",
                row["joined_on"].strftime("%d/%m/%Y"),
            ]
        )
    return export_workbook(_("Members"), headers, lines)


def export_coverage(rows, total) -> Workbook:
    """Coverage per commune (rows of `queries.coverage_by_commune`) and the total line."""
    headers = [
        _("Commune code"),
        _("Commune"),
        _("Hamlets"),
        _("Hamlets with a team"),
        "%",
        _("Teams"),
        _("Members"),
        _("Members per team"),
        _("Youth Union members (D5.1)"),
        "%",
        _("enterprise staff (D7.1)"),
        "%",
    ]

    def line(code: str, name: str, c) -> list:
        return [
            code,
            name,
            c.hamlets,
            c.hamlets_with_team,
            c.hamlet_share,
            c.teams,
            c.members,
            c.members_per_team,
            c.youth_members,
            c.youth_share,
            c.enterprise_members,
            c.enterprise_share,
        ]

    lines = [line(c.place.code, c.place.name, c) for c in rows]
    lines.append(line("", str(_("Total")), total))
    return export_workbook(_("Coverage by commune"), headers, lines)
