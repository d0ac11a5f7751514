"""Members in and out of Excel: the import template, the all-or-nothing import, the export."""

from collections import Counter
from datetime import date
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.core.imports import (
    check_choice,
    check_date,
    check_full_name,
    check_phone,
    check_repeated_phone,
    choice_lookup,
    open_rows,
    write_all_or_nothing,
)
from tocds.core.text import fold
from tocds.core.xlsx import (
    COUNT,
    DECIMAL,
    SHARE,
    Column,
    ImportResult,
    RowError,
    SheetRow,
    Workbook,
    build_workbook,
    export_workbook,
)
from tocds.people.models import Gender, Organisation, OrganisationKind, Person
from tocds.people.phones import national, normalise_phone
from tocds.people.scoping import Perm, PhoneDisplay
from tocds.teams.models import AffiliationKind, Membership, Team, TeamRole
from tocds.teams.services import MemberDetails, add_member

FULL_NAME = Person._meta.get_field("full_name")


def member_columns() -> tuple[Column, ...]:
    return (
        Column("team_id", gettext_lazy("Team code"), width=10, required=True),
        Column("full_name", gettext_lazy("Full name"), width=28, required=True),
        Column("phone", gettext_lazy("Phone number"), width=16),
        Column(
            "gender",
            gettext_lazy("Gender"),
            width=10,
            choices=[str(label) for value, label in Gender.choices if value],
        ),
        Column("birth_year", gettext_lazy("Birth year"), width=10),
        Column(
            "role",
            gettext_lazy("Role in the team"),
            width=14,
            choices=[str(x.label) for x in TeamRole],
        ),
        Column("affiliations", gettext_lazy("Affiliations"), width=30),
        Column("enterprise", gettext_lazy("Enterprise"), width=24),
        Column("joined_on", gettext_lazy("Joined on"), width=14),
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
    rows, result = open_rows(upload, member_columns())
    if not result.ok:
        return result
    teams = {str(t.pk): t for t in Team.objects.visible_to(actor, Perm.MANAGE_MEMBERS).active()}
    enterprises = {
        fold(o.name): o for o in Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
    }
    genders = choice_lookup(Gender.choices)
    roles = choice_lookup(TeamRole.choices)
    affiliation_kinds = choice_lookup(AffiliationKind.choices)
    this_year = timezone.localdate().year

    parsed: list[tuple[int, Team, MemberDetails, date | None]] = []
    phones_in_file: dict[str, int] = {}
    for row in rows:
        team = teams.get(row.text("team_id"))
        team_error = None
        if team is None:
            team_error = _("unknown team code “%s” (or not yours)") % row.text("team_id")
        full_name, name_error = check_full_name(row, field=FULL_NAME)
        phone, phone_error = check_phone(row, normalise=normalise_phone)
        repeated = check_repeated_phone(phone, row=row.number, seen=phones_in_file)
        gender, gender_error = check_choice(
            row, "gender", genders, unknown=_("unknown gender “%s”"), empty=""
        )
        birth_year, year_error = _check_birth_year(row, this_year)
        role, role_error = check_choice(
            row, "role", roles, unknown=_("unknown role “%s”"), empty=TeamRole.MEMBER
        )
        kinds, kind_errors = _check_affiliations(row, affiliation_kinds)
        enterprise, enterprise_error = check_choice(
            row, "enterprise", enterprises, unknown=_("unknown enterprise “%s”")
        )
        if enterprise is not None and AffiliationKind.ENTERPRISE not in kinds:
            kinds.append(AffiliationKind.ENTERPRISE)
        joined_on, date_error = check_date(row, "joined_on")
        checked = (team_error, name_error, phone_error, repeated, gender_error, year_error)
        errors = [
            e for e in (*checked, role_error, *kind_errors, enterprise_error, date_error) if e
        ]
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
    return write_all_or_nothing(
        result,
        (
            (number, partial(add_member, actor=actor, team=team, details=d, joined_on=joined_on))
            for number, team, d, joined_on in parsed
        ),
    )


def _check_birth_year(row: SheetRow, this_year: int) -> tuple[int | None, str | None]:
    """A year of the last hundred years, None when empty."""
    text = row.text("birth_year")
    if not text:
        return None, None
    if not text.isdigit() or not (this_year - 100 <= int(text) <= this_year):
        return None, _("birth year “%s” is not a year") % text
    return int(text), None


def _check_affiliations(row: SheetRow, lookup: dict[str, str]) -> tuple[list[str], list[str]]:
    """The affiliations named, comma-separated; an error for each one not known."""
    kinds: list[str] = []
    errors: list[str] = []
    for label in filter(None, (p.strip() for p in row.text("affiliations").split(","))):
        kind = lookup.get(fold(label))
        if kind is None:
            errors.append(_("unknown affiliation “%s”") % label)
        else:
            kinds.append(kind)
    return kinds, errors


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
                row["joined_on"],
            ]
        )
    return export_workbook(_("Members"), headers, lines)


def export_coverage(rows, total) -> Workbook:
    """Coverage per commune (rows of `queries.coverage_by_commune`) and the total line."""
    headers = [
        _("Commune code"),
        _("Commune"),
        Column("hamlets", _("Hamlets"), 18, number_format=COUNT),
        Column("with_team", _("Hamlets with a team"), 18, number_format=COUNT),
        Column("hamlet_share", "%", 18, number_format=SHARE),
        Column("teams", _("Teams"), 18, number_format=COUNT),
        Column("members", _("Members"), 18, number_format=COUNT),
        Column("per_team", _("Members per team"), 18, number_format=DECIMAL),
        Column("youth", _("Youth Union members (D5.1)"), 18, number_format=COUNT),
        Column("youth_share", "%", 18, number_format=SHARE),
        Column("enterprise", _("enterprise staff (D7.1)"), 18, number_format=COUNT),
        Column("enterprise_share", "%", 18, number_format=SHARE),
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
