"""Every write of training: plans, courses, sessions, enrolment, attendance, ratings,
completions and participation elsewhere. One function each, keyword-only, atomic, with `actor=`.

Capacity is held by the database: `Session.enrolled_count` only grows through a conditional
UPDATE (`… WHERE enrolled_count < capacity`) and a check constraint forbids it to pass the
capacity; one row per session and person (`enrolment_once`) forbids double enrolment.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.core.text import fold
from tocds.learning.services import has_passed_quiz
from tocds.people.models import Organisation, Person
from tocds.people.phones import mask
from tocds.people.scoping import Perm, scope_for
from tocds.places.models import Level, Place
from tocds.teams.models import Membership, Team, TeamStatus
from tocds.training import codes
from tocds.training.models import (
    TARGET_FIELDS,
    TEAM_AUDIENCES,
    Audience,
    CheckInMethod,
    Completion,
    Course,
    CourseTopic,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    ExternalParticipation,
    Session,
    Topic,
    TrainingPlan,
    place_prefixes,
)


def _require_manage(actor, place: Place) -> None:
    if not scope_for(actor, Perm.MANAGE_TRAINING).covers_path(place.path):
        raise PermissionDenied


def can_manage(user, course: Course) -> bool:
    return scope_for(user, Perm.MANAGE_TRAINING).covers_path(course.place.path)


def can_take_attendance(user, session: Session) -> bool:
    """Managers of the course, and the session's own trainer."""
    if user is None or not user.is_authenticated:
        return False
    return session.trainer_id == user.pk or can_manage(user, session.course)


def _check_organising_place(place: Place) -> None:
    if not place.is_current or place.level not in (Level.PROVINCE, Level.COMMUNE):
        raise ValidationError({"place": _("Choose the province or a current commune.")})


# Plans ---------------------------------------------------------------------------------------


@transaction.atomic
def save_plan(
    *,
    actor,
    plan: TrainingPlan | None,
    place: Place,
    name: str,
    starts_on: date,
    ends_on: date,
    targets: dict[str, int],
    note: str = "",
) -> TrainingPlan:
    """A training plan of the province or a commune for a period, with targets per audience."""
    _require_manage(actor, place)
    _check_organising_place(place)
    if plan is not None and plan.place_id != place.pk:
        _require_manage(actor, plan.place)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period ends before it starts.")})
    if any(value < 0 for value in targets.values()):
        raise ValidationError(_("Targets cannot be negative."))
    clash = TrainingPlan.objects.filter(place=place, starts_on=starts_on, ends_on=ends_on)
    if plan is not None:
        clash = clash.exclude(pk=plan.pk)
    if clash.exists():
        raise _plan_clash()
    plan = plan or TrainingPlan()
    plan.place = place
    plan.name = name
    plan.starts_on = starts_on
    plan.ends_on = ends_on
    plan.note = note
    for audience, field in TARGET_FIELDS.items():
        setattr(plan, field, int(targets.get(audience, 0)))
    stamp(plan, actor=actor, reason="edited" if plan.pk else "created")
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # the same plan saved by a request running at the same moment
        raise _plan_clash() from exc
    return plan


def _plan_clash() -> ValidationError:
    return ValidationError(_("This place already has a training plan for exactly this period."))


# Courses -------------------------------------------------------------------------------------


@transaction.atomic
def save_course(
    *,
    actor,
    course: Course | None,
    place: Place,
    title: str,
    topics: list[str],
    description: str = "",
    organiser: Organisation | None = None,
    plan: TrainingPlan | None = None,
    campaign=None,
    dx_day: bool = False,
    min_sessions: int | None = None,
    quiz_skill: str = "",
    is_sample: bool = False,
) -> Course:
    """Create or change a course of the province or of a commune."""
    _require_manage(actor, place)
    _check_organising_place(place)
    if course is not None:
        _require_manage(actor, course.place)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter the course's title.")
    topics = list(dict.fromkeys(topics))
    if not topics or any(t not in Topic.values for t in topics):
        errors["topics"] = _("Choose at least one topic.")
    if plan is not None and not place.path.startswith(plan.place.path):
        errors["plan"] = _("Choose a plan of this place or of its province.")
    if campaign is not None and not place.path.startswith(campaign.province.path):
        errors["campaign"] = _("Choose a campaign of this province.")
    if min_sessions is not None and min_sessions < 1:
        errors["min_sessions"] = _("At least one session.")
    if errors:
        raise ValidationError(errors)
    course = course or Course(is_sample=is_sample)
    course.place = place
    course.title = title.strip()
    course.description = description
    course.organiser = organiser
    course.plan = plan
    course.campaign = campaign
    course.dx_day = dx_day
    course.min_sessions = min_sessions
    course.quiz_skill = quiz_skill
    stamp(course, actor=actor, reason="edited" if course.pk else "created")
    course.save()
    current = {t.topic: t for t in course.topics.all()}
    for topic, row in current.items():
        if topic not in topics:
            stamp(row, actor=actor, reason="removed")
            row.delete()
    for topic in topics:
        if topic not in current:
            row = CourseTopic(course=course, topic=topic)
            stamp(row, actor=actor, reason="created")
            row.save()
    return course


# Sessions ------------------------------------------------------------------------------------


@transaction.atomic
def save_session(
    *,
    actor,
    session: Session | None,
    course: Course,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    audience: str,
    title: str = "",
    venue: str = "",
    online_url: str = "",
    trainer=None,
    trainer_name: str = "",
    cancelled: bool = False,
) -> Session:
    """Schedule a session of a course, or change one (cancelling it keeps its records)."""
    _require_manage(actor, course.place)
    errors: dict[str, str] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The session ends before it starts.")
    if not venue.strip() and not online_url.strip():
        errors["venue"] = _("Give the place, or the link of an online session.")
    if capacity < 1:
        errors["capacity"] = _("At least one place.")
    if session is not None:
        # Read the count under a lock: an enrolment running now must not slip past the check.
        session = Session.objects.select_for_update().get(pk=session.pk)
        if capacity < session.enrolled_count:
            errors["capacity"] = _(
                "%(n)d people are already enrolled: the session needs at least as many places."
            ) % {"n": session.enrolled_count}
    if errors:
        raise ValidationError(errors)
    session = session or Session(course=course)
    was_cancelled = session.cancelled
    session.title = title
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.capacity = capacity
    session.audience = audience
    session.venue = venue
    session.online_url = online_url
    session.trainer = trainer
    session.trainer_name = trainer_name
    session.cancelled = cancelled
    reason = "edited" if session.pk else "created"
    if cancelled and not was_cancelled:
        reason = "cancelled"
    stamp(session, actor=actor, reason=reason)
    session.save()
    if cancelled != was_cancelled and session.pk:
        # "Every session" of the rule changed: completions follow.
        for person in Person.objects.filter(pk__in=_people_of(course)):
            evaluate_completion(course=course, person=person, actor=actor)
    return session


def _people_of(course: Course) -> list[int]:
    return list(
        Enrolment.objects.filter(session__course=course)
        .values_list("person_id", flat=True)
        .distinct()
        .order_by("person_id")
    )


# Enrolment -----------------------------------------------------------------------------------


def _full_error(session: Session) -> ValidationError:
    if session.cancelled:
        return ValidationError(_("This session has been cancelled."), code="cancelled")
    return ValidationError(_("This session is full."), code="full")


def _already_error() -> ValidationError:
    return ValidationError(_("This person is already enrolled in this session."), code="already")


@transaction.atomic
def _enrol(*, actor, session: Session, person: Person, audience: str, source: str) -> Enrolment:
    """Take one place for `person`. The place is taken by a conditional UPDATE of the session's
    counter, which also locks the session's row until the transaction ends: concurrent
    enrolments queue there, and the last place goes to exactly one of them."""
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who the person is counted as.")})
    existing = Enrolment.objects.select_for_update().filter(session=session, person=person).first()
    if existing is not None and existing.is_active:
        raise _already_error()
    taken = Session.objects.filter(
        pk=session.pk, cancelled=False, enrolled_count__lt=F("capacity")
    ).update(enrolled_count=F("enrolled_count") + 1)
    if not taken:
        session.refresh_from_db(fields=["cancelled", "enrolled_count", "capacity"])
        raise _full_error(session)
    enrolment = existing or Enrolment(session=session, person=person)
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.audience = audience
    enrolment.source = source
    enrolment.enrolled_at = timezone.now()
    stamp(enrolment, actor=actor, reason="enrolled")
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:  # the same person enrolled by a request running now
        raise _already_error() from exc
    return enrolment


def _person_for(*, full_name: str, phone: str | None) -> Person:
    """The person with this phone number (never renamed from here), or a new person."""
    name = " ".join(full_name.split())
    if not name:
        raise ValidationError({"full_name": _("Enter the person's full name.")})
    if phone:
        person = Person.objects.filter(phone=phone).first()
        if person is not None:
            if person.search_name != fold(name):
                raise ValidationError(
                    {"phone": _("This phone number belongs to a person with another name.")}
                )
            return person
    person = Person(full_name=name, phone=phone or None)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # registered at the same moment by another request
        person = Person.objects.get(phone=phone)
    return person


def default_audience(person: Person) -> str:
    """Team members count as team members; anyone else is counted as a citizen by default."""
    if Membership.objects.active().filter(person=person, team__status=TeamStatus.ACTIVE).exists():
        return Audience.TEAM_MEMBERS
    return Audience.CITIZENS


def enrol_person(
    *,
    actor,
    session: Session,
    person: Person,
    audience: str,
    source: str = EnrolmentSource.OFFICER,
) -> Enrolment:
    _require_manage(actor, session.course.place)
    return _enrol(actor=actor, session=session, person=person, audience=audience, source=source)


@transaction.atomic
def enrol_new_person(
    *,
    actor,
    session: Session,
    full_name: str,
    phone: str | None,
    audience: str,
    source: str = EnrolmentSource.OFFICER,
) -> Enrolment:
    """Enrol someone by name and (normalised) phone number: the known person with that
    number, or a new person. People without a phone are always added as new."""
    _require_manage(actor, session.course.place)
    person = _person_for(full_name=full_name, phone=phone)
    return _enrol(actor=actor, session=session, person=person, audience=audience, source=source)


def enrol_membership(*, actor, session: Session, membership: Membership) -> Enrolment:
    """Enrol a member of a team the actor may see."""
    _require_manage(actor, session.course.place)
    if not scope_for(actor, Perm.VIEW_TEAMS).covers_team(membership.team):
        raise PermissionDenied
    if not membership.is_active:
        raise ValidationError(_("This membership has ended."))
    return _enrol(
        actor=actor,
        session=session,
        person=membership.person,
        audience=Audience.TEAM_MEMBERS,
        source=EnrolmentSource.OFFICER,
    )


@transaction.atomic
def enrol_team(*, actor, session: Session, team: Team) -> int:
    """Enrol every active member of a team not yet enrolled; all of them or none (when the
    places left are too few). Returns how many were enrolled."""
    _require_manage(actor, session.course.place)
    if not scope_for(actor, Perm.VIEW_TEAMS).covers_team(team):
        raise PermissionDenied
    locked = Session.objects.select_for_update().get(pk=session.pk)
    enrolled = Enrolment.objects.active().filter(session=locked).values("person_id")
    members = list(
        Membership.objects.active()
        .filter(team=team)
        .exclude(person_id__in=enrolled)
        .select_related("person")
        .order_by("person__search_name")
    )
    if not members:
        raise ValidationError(_("Every active member of this team is already enrolled."))
    if len(members) > locked.places_left:
        raise ValidationError(
            _("The team has %(n)d members to enrol but only %(left)d places are left.")
            % {"n": len(members), "left": locked.places_left}
        )
    for membership in members:
        _enrol(
            actor=actor,
            session=locked,
            person=membership.person,
            audience=Audience.TEAM_MEMBERS,
            source=EnrolmentSource.TEAM,
        )
    return len(members)


def self_enrolment_membership(user, session: Session) -> Membership | None:
    """The active membership through which `user` may enrol themselves in `session`: a team in
    the course's place, and a session open to team members that has not ended."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or session.cancelled or session.audience not in TEAM_AUDIENCES:
        return None
    if session.ends_at <= timezone.now():
        return None
    scope = scope_for(user, Perm.ENROL_SELF)
    membership = (
        Membership.objects.active()
        .filter(person=person, team__status=TeamStatus.ACTIVE)
        .select_related("team__place")
        .first()
    )
    if membership is None or not scope.covers_team(membership.team):
        return None
    if not membership.team.place.path.startswith(session.course.place.path):
        return None
    return membership


def enrol_self(*, actor, session: Session) -> Enrolment:
    """A team member takes a place in a session open to their team."""
    if self_enrolment_membership(actor, session) is None:
        raise ValidationError(_("You cannot enrol yourself in this session."))
    return _enrol(
        actor=actor,
        session=session,
        person=actor.person,
        audience=Audience.TEAM_MEMBERS,
        source=EnrolmentSource.SELF,
    )


@transaction.atomic
def cancel_enrolment(*, actor, enrolment: Enrolment) -> Enrolment:
    """Give the place back. Managers may cancel any enrolment; a person their own, before the
    session starts. An attended enrolment is corrected on the sign-in sheet, not cancelled."""
    session = enrolment.session
    own = getattr(actor, "person", None) is not None and actor.person.pk == enrolment.person_id
    if not can_manage(actor, session.course):
        if not own:
            raise PermissionDenied
        if session.starts_at <= timezone.now():
            raise ValidationError(_("The session has started: ask the organiser."))
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.is_active:
        raise ValidationError(_("This enrolment is already cancelled."))
    if enrolment.attended:
        raise ValidationError(_("This person attended: correct the sign-in sheet instead."))
    enrolment.status = EnrolmentStatus.CANCELLED
    stamp(enrolment, actor=actor, reason="cancelled")
    enrolment.save(update_fields=["status"])
    Session.objects.filter(pk=session.pk).update(enrolled_count=F("enrolled_count") - 1)
    return enrolment


# Attendance ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    """The outcome of a check-in: `kind` says what happened, `message` says it in words."""

    ok: bool
    kind: str
    message: str
    enrolment: Enrolment | None = None


_CODE_MESSAGES = {
    codes.CodeState.INVALID: lambda: _(
        "This is not a valid check-in code. Scan the code on the trainer's screen again."
    ),
    codes.CodeState.WRONG_SESSION: lambda: _(
        "This code belongs to another session: it cannot be used for this one."
    ),
    codes.CodeState.NOT_OPEN: lambda: _("Check-in for this session has not opened yet."),
    codes.CodeState.EXPIRED: lambda: _(
        "This code has expired: the session is over. Ask the trainer to add you to the "
        "sign-in sheet."
    ),
    codes.CodeState.REPLAYED: lambda: (
        _(
            "This code was shown more than %(minutes)d minutes ago and can no longer be used. "
            "Scan the code on the trainer's screen now."
        )
        % {"minutes": int(codes.LIFETIME.total_seconds() // 60)}
    ),
}


def invalid_code() -> CheckIn:
    state = codes.CodeState.INVALID
    return CheckIn(False, str(state), _CODE_MESSAGES[state]())


def check_code(session: Session, code: str, *, now: datetime | None = None) -> CheckIn | None:
    """None when the code may be used now; otherwise the refusal to show."""
    state = codes.code_state(session, code, now=now)
    if session.cancelled:
        return CheckIn(False, "cancelled", _("This session has been cancelled."))
    if state != codes.CodeState.VALID:
        return CheckIn(False, str(state), _CODE_MESSAGES[state]())
    return None


@transaction.atomic
def check_in(
    *,
    session: Session,
    code: str,
    user=None,
    phone: str | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """Mark an enrolled person present from a scanned code: the signed-in user's own person, or
    the person enrolled with `phone` (already normalised). Never names the person found by a
    phone number (only the masked number): whoever holds a code must not learn who is enrolled.
    """
    now = now or timezone.now()
    refusal = check_code(session, code, now=now)
    if refusal is not None:
        return refusal
    if phone:
        enrolment = (
            Enrolment.objects.active()
            .select_for_update()
            .filter(session=session, person__phone=phone)
            .first()
        )
        who = mask(phone)
        method = CheckInMethod.QR_PHONE
    else:
        person = getattr(user, "person", None) if user is not None else None
        if person is None:
            return CheckIn(
                False,
                "no_person",
                _("Your account is not linked to a team member: enter your phone number."),
            )
        enrolment = (
            Enrolment.objects.active()
            .select_for_update()
            .filter(session=session, person=person)
            .first()
        )
        who = person.full_name
        method = CheckInMethod.QR_ACCOUNT
    if enrolment is None:
        return CheckIn(
            False,
            "not_enrolled",
            _("%(who)s is not enrolled in this session. Ask the trainer to add you.")
            % {"who": who},
        )
    if enrolment.attended:
        local = timezone.localtime(enrolment.checked_in_at) if enrolment.checked_in_at else None
        return CheckIn(
            True,
            "already",
            _("%(who)s is already marked present (%(time)s).")
            % {"who": who, "time": local.strftime("%H:%M") if local else "—"},
            enrolment,
        )
    enrolment.attended = True
    enrolment.checked_in_at = now
    enrolment.check_in_method = method
    stamp(enrolment, actor=user, reason="checked in")
    enrolment.save(update_fields=["attended", "checked_in_at", "check_in_method"])
    evaluate_completion(course=session.course, person=enrolment.person, actor=user)
    return CheckIn(
        True,
        "present",
        _("%(who)s is marked present. Welcome!") % {"who": who},
        enrolment,
    )


@transaction.atomic
def record_sheet(*, actor, session: Session, marks: dict[int, bool | None]) -> int:
    """Enter (or correct) the paper sign-in sheet: `marks` maps enrolment ids to present,
    absent or not known. Each change is a history row with who and when ("sign-in sheet" for a
    first entry, "corrected" for a change); returns how many enrolments changed."""
    if not can_take_attendance(actor, session):
        raise PermissionDenied
    if session.cancelled:
        raise ValidationError(_("This session has been cancelled."))
    if session.starts_at > timezone.now() + codes.OPENS_BEFORE:
        raise ValidationError(_("The session has not started yet."))
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.active()
        .select_for_update()
        .filter(session=session, pk__in=list(marks))
        .select_related("person")
    }
    unknown = set(marks) - enrolments.keys()
    if unknown:
        raise ValidationError(_("The sheet names people who are not enrolled in this session."))
    changed = 0
    for pk, value in sorted(marks.items()):
        enrolment = enrolments[pk]
        if enrolment.attended == value:
            continue
        reason = "sign-in sheet" if enrolment.attended is None else "corrected"
        enrolment.attended = value
        if value and not enrolment.checked_in_at:
            enrolment.checked_in_at = timezone.now()
        enrolment.check_in_method = CheckInMethod.SHEET if value is not None else ""
        stamp(enrolment, actor=actor, reason=reason)
        enrolment.save(update_fields=["attended", "checked_in_at", "check_in_method"])
        evaluate_completion(course=session.course, person=enrolment.person, actor=actor)
        changed += 1
    return changed


@transaction.atomic
def add_walk_in(
    *, actor, session: Session, full_name: str, phone: str | None, audience: str
) -> Enrolment:
    """Someone on the paper sheet who had not enrolled: enrol them (if a place is left) and
    mark them present."""
    if not can_take_attendance(actor, session):
        raise PermissionDenied
    person = _person_for(full_name=full_name, phone=phone)
    enrolment = _enrol(
        actor=actor,
        session=session,
        person=person,
        audience=audience,
        source=EnrolmentSource.WALK_IN,
    )
    record_sheet(actor=actor, session=session, marks={enrolment.pk: True})
    enrolment.refresh_from_db()
    return enrolment


@transaction.atomic
def rate_session(*, actor, session: Session, rating: int, comment: str = "") -> Enrolment:
    """A participant rates a session they attended: 1 to 5 and a comment; rating again
    replaces the earlier rating."""
    person = getattr(actor, "person", None)
    enrolment = (
        Enrolment.objects.active().filter(session=session, person=person).first()
        if person is not None
        else None
    )
    if enrolment is None or not enrolment.attended:
        raise ValidationError(_("Only people who attended the session can rate it."))
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give 1 to 5 stars.")})
    enrolment.rating = rating
    enrolment.comment = comment.strip()
    stamp(enrolment, actor=actor, reason="rated")
    enrolment.save(update_fields=["rating", "comment"])
    return enrolment


# Completion ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    attended: int
    required: int
    quiz_needed: bool
    quiz_passed: bool

    @property
    def complete(self) -> bool:
        return self.required > 0 and self.attended >= self.required and self.quiz_passed


def course_progress(course: Course, person: Person) -> Progress:
    sessions = course.sessions.filter(cancelled=False)
    required = course.min_sessions or sessions.count()
    attended = (
        Enrolment.objects.active()
        .filter(session__in=sessions, person=person, attended=True)
        .count()
    )
    quiz_needed = bool(course.quiz_skill)
    passed = not quiz_needed or has_passed_quiz(person=person, skill=course.quiz_skill)
    return Progress(attended, required, quiz_needed, passed)


@transaction.atomic
def evaluate_completion(*, course: Course, person: Person, actor=None) -> Completion | None:
    """Apply the course's rule to one person: a completion (and its certificate) when the rule
    is met; a completion that no longer holds after a correction is revoked."""
    from tocds.training import certificates

    progress = course_progress(course, person)
    completion = Completion.objects.select_for_update().filter(course=course, person=person).first()
    if progress.complete:
        if completion is not None and completion.revoked_at is None:
            return completion
        completion = completion or Completion(course=course, person=person)
        completion.completed_at = timezone.now()
        completion.revoked_at = None
        stamp(completion, actor=actor, reason="completed")
        try:
            with transaction.atomic():
                completion.save()
        except IntegrityError:  # completed by a request running at the same moment
            return Completion.objects.get(course=course, person=person)
        certificates.issue_for(completion, actor=actor)
        return completion
    if completion is not None and completion.revoked_at is None:
        completion.revoked_at = timezone.now()
        stamp(completion, actor=actor, reason="completion revoked")
        completion.save(update_fields=["revoked_at"])
        certificates.revoke_for(completion, actor=actor)
    return None


@transaction.atomic
def evaluate_course(*, actor, course: Course) -> int:
    """Apply the rule to everyone enrolled (after quiz results came in, or a rule changed);
    returns how many people hold a completion afterwards."""
    _require_manage(actor, course.place)
    for person in Person.objects.filter(pk__in=_people_of(course)):
        evaluate_completion(course=course, person=person, actor=actor)
    return course.completions.filter(revoked_at__isnull=True).count()


# Participation in programmes held elsewhere (D4.2) -------------------------------------------


@transaction.atomic
def record_external(
    *,
    actor,
    place: Place,
    full_name: str,
    phone: str | None,
    audience: str,
    programme: str,
    taken_on: date,
    organiser: str = "",
    topic: str = "",
    completed: bool = False,
    reference: str = "",
) -> ExternalParticipation:
    """Record that a person of `place` took part in a programme held elsewhere."""
    _require_manage(actor, place)
    _check_organising_place(place)
    if not programme.strip():
        raise ValidationError({"programme": _("Name the programme.")})
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": _("The date is in the future.")})
    person = _person_for(full_name=full_name, phone=phone)
    if ExternalParticipation.objects.filter(
        person=person, programme=programme.strip(), taken_on=taken_on
    ).exists():
        raise ValidationError(_("This participation is already recorded."))
    record = ExternalParticipation(
        place=place,
        person=person,
        audience=audience,
        programme=programme.strip(),
        organiser=organiser.strip(),
        topic=topic,
        taken_on=taken_on,
        completed=completed,
        reference=reference.strip(),
        recorded_by=actor,
    )
    stamp(record, actor=actor, reason="created")
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        raise ValidationError(_("This participation is already recorded.")) from exc
    return record


def sessions_open_to_team(user) -> Q:
    """Sessions a team member may enrol in by themselves (for listing upcoming sessions)."""
    scope = scope_for(user, Perm.ENROL_SELF)
    if not scope.team_ids:
        return Q(pk__in=[])
    paths = Team.objects.filter(pk__in=scope.team_ids).values_list("place__path", flat=True)
    prefixes = {prefix for path in paths for prefix in place_prefixes(path)}
    return Q(course__place__path__in=sorted(prefixes), audience__in=TEAM_AUDIENCES, cancelled=False)
