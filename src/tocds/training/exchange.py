"""Training in and out of Excel: the enrolment template and all-or-nothing import, and the
export of attendance and results."""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocds.core.imports import (
    check_choice,
    check_full_name,
    check_phone,
    check_repeated_phone,
    choice_lookup,
    open_rows,
    write_all_or_nothing,
)
from tocds.core.text import fold
from tocds.core.xlsx import (
    DECIMAL,
    Column,
    ImportResult,
    RowError,
    Workbook,
    build_workbook,
    export_workbook,
)
from tocds.people.models import Person
from tocds.people.phones import normalise_phone
from tocds.people.scoping import Perm, PhoneDisplay, require_perm_at
from tocds.training.models import (
    Audience,
    CheckInMethod,
    Completion,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Session,
)
from tocds.training.services.enrolment import _enrol, _person_for, default_audience


def enrolment_columns() -> tuple[Column, ...]:
    return (
        Column("full_name", gettext_lazy("Full name"), width=28, required=True),
        Column("phone", gettext_lazy("Phone number"), width=16),
        Column(
            "audience",
            gettext_lazy("Counted as"),
            width=18,
            choices=[str(label) for _value, label in Audience.choices],
        ),
    )


def enrolment_template(session: Session) -> Workbook:
    return build_workbook(_("Enrolments"), enrolment_columns())


def import_enrolments(*, actor, session: Session, upload) -> ImportResult:
    """Every row valid and enough places → everyone enrolled; otherwise nothing, and the errors
    by row. A row's phone number finds the person already known with it (same name)."""
    require_perm_at(actor, Perm.MANAGE_TRAINING, place=session.course.place)
    rows, result = open_rows(upload, enrolment_columns())
    if not result.ok:
        return result
    audiences = choice_lookup(Audience.choices)
    parsed: list[tuple[int, str, str | None, str | None]] = []
    phones_in_file: dict[str, int] = {}
    for row in rows:
        full_name, name_error = check_full_name(row, field=Person._meta.get_field("full_name"))
        full_name = " ".join(full_name.split())
        phone, phone_error = check_phone(row, normalise=normalise_phone)
        repeated = check_repeated_phone(phone, row=row.number, seen=phones_in_file)
        audience, audience_error = check_choice(
            row, "audience", audiences, unknown=_("unknown audience “%s”")
        )
        errors = [e for e in (name_error, phone_error, repeated, audience_error) if e]
        if errors:
            result.errors.extend(RowError(row.number, e) for e in errors)
            continue
        parsed.append((row.number, full_name, phone, audience))

    known = {p.phone: p for p in Person.objects.filter(phone__in=list(phones_in_file))}
    enrolled = set(
        Enrolment.objects.active()
        .filter(session=session, person__phone__in=list(phones_in_file))
        .values_list("person__phone", flat=True)
    )
    for number, full_name, phone, _audience in parsed:
        person = known.get(phone) if phone else None
        if person is not None and person.search_name != fold(full_name):
            result.errors.append(
                RowError(number, _("this phone number belongs to a person with another name"))
            )
        elif phone in enrolled:
            result.errors.append(RowError(number, _("already enrolled in this session")))
    if not result.errors and len(parsed) > session.places_left:
        result.errors.append(
            RowError(
                0,
                _("The file has %(n)d people but only %(left)d places are left.")
                % {"n": len(parsed), "left": session.places_left},
            )
        )
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result

    def enrol(full_name: str, phone: str | None, audience: str | None) -> None:
        person = _person_for(full_name=full_name, phone=phone)
        _enrol(
            actor=actor,
            session=session,
            person=person,
            audience=audience or default_audience(person),
            source=EnrolmentSource.IMPORT,
        )

    return write_all_or_nothing(
        result,
        (
            (number, partial(enrol, full_name, phone, audience))
            for number, full_name, phone, audience in parsed
        ),
    )


RESULT_FIELDS = (
    "pk",
    "session_id",
    "session__title",
    "session__starts_at",
    "session__cancelled",
    "session__course_id",
    "session__course__title",
    "session__course__place__name",
    "session__course__place__path",
    "person_id",
    "person__full_name",
    "person__phone",
    "audience",
    "status",
    "source",
    "attended",
    "check_in_method",
    "rating",
    "comment",
)


def result_rows(enrolments) -> list[dict]:
    """Rows of enrolments (already scoped by the caller) with their course completions, in two
    queries whatever their number."""
    rows = list(
        enrolments.order_by("session__starts_at", "session_id", "person__search_name").values(
            *RESULT_FIELDS
        )
    )
    pairs = {(r["session__course_id"], r["person_id"]) for r in rows}
    completions = {
        (c["course_id"], c["person_id"]): c["certificate_code"] or "✓"
        for c in Completion.objects.filter(
            course_id__in={c for c, _p in pairs}, person_id__in={p for _c, p in pairs}
        )
        .filter(revoked_at__isnull=True)
        .values("course_id", "person_id", "certificate_code")
    }
    for row in rows:
        row["completion"] = completions.get((row["session__course_id"], row["person_id"]), "")
    return rows


def export_results(user, rows: list[dict]) -> Workbook:
    """Attendance and results; phone numbers masked unless the user may see them there."""
    phones = PhoneDisplay.for_user(user)
    audiences = dict(Audience.choices)
    sources = dict(EnrolmentSource.choices)
    statuses = dict(EnrolmentStatus.choices)
    methods = dict(CheckInMethod.choices)
    headers = [
        _("Course"),
        _("Organised at"),
        _("Session"),
        _("Date"),
        _("Time"),
        _("Full name"),
        _("Phone number"),
        _("Counted as"),
        _("Enrolled"),
        _("Status"),
        _("Present"),
        _("Recorded by"),
        Column("rating", _("Rating"), 18, number_format=DECIMAL),
        _("Comment"),
        _("Completed the course"),
    ]
    lines = []
    for row in rows:
        starts = timezone.localtime(row["session__starts_at"])
        shown = phones.show(row["person__phone"], path=row["session__course__place__path"])
        if row["attended"] is None:
            present = _("not recorded")
        else:
            present = _("present") if row["attended"] else _("absent")
        status = str(statuses[row["status"]])
        if row["session__cancelled"]:
            status = _("session cancelled")
        lines.append(
            [
                row["session__course__title"],
                row["session__course__place__name"],
                row["session__title"] or row["session__course__title"],
                starts.date(),
                starts.time().replace(second=0, microsecond=0, tzinfo=None),
                row["person__full_name"],
                shown,
                str(audiences[row["audience"]]),
                str(sources.get(row["source"], row["source"])),
                status,
                str(present),
                str(methods.get(row["check_in_method"], "")),
                row["rating"] or "",
                row["comment"],
                row["completion"],
            ]
        )
    return export_workbook(_("Attendance and results"), headers, lines)
