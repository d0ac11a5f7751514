"""The versioned REST API (django-ninja). Same scoping as the pages: `visible_to` everywhere."""

from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, AuthorizationError, Throttled
from ninja.errors import ValidationError as SchemaValidationError
from ninja.pagination import paginate

from tocds.api import recognition, schemas
from tocds.api.common import AUTH, Pages
from tocds.campaigns.models import Assignment, CampaignStatus, Service
from tocds.core import schema_errors
from tocds.core.ratelimits import client_address
from tocds.people import throttle
from tocds.people.auth import axes_username
from tocds.people.forms import slowed_message
from tocds.people.scoping import Perm, PhoneDisplay
from tocds.people.tokens import issue_token
from tocds.places.models import Level, Place
from tocds.places.queries import search_places
from tocds.teams import queries as team_queries
from tocds.teams.models import Membership, Team
from tocds.training import queries as training_queries
from tocds.training import services as training_services
from tocds.training.models import Session
from tocds.visits import sync

api = NinjaAPI(
    title="tocds API",
    version="1",
    description="Places and the registry of Community Digital Transformation Teams.",
    urls_namespace="api",
    docs_url=None,  # the interactive docs load Swagger UI from a CDN; the JSON is enough
)


@api.exception_handler(SchemaValidationError)
def schema_validation_error(request: HttpRequest, exc: SchemaValidationError):
    """422 in the user's language: `detail` one text (as every other error of the API, and as
    the field app shows it), `errors` each with its `loc`, `type` and translated `msg`."""
    body = {
        "detail": schema_errors.summary(exc.errors),
        "errors": schema_errors.translated(exc.errors),
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError):
    body = {"detail": _("Sign in first: the request carries no valid token or session.")}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(AuthorizationError)
def not_allowed(request: HttpRequest, exc: AuthorizationError):
    body = {"detail": _("You are not allowed to do this.")}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled):
    body = {"detail": _("Too many attempts; try again later.")}
    return api.create_response(request, body, status=exc.status_code)


@api.post(
    "/auth/token",
    response={
        200: schemas.TokenOut,
        400: schemas.ErrorOut,
        401: schemas.ErrorOut,
        429: schemas.ErrorOut,
    },
    auth=None,
    tags=["auth"],
)
def create_token(request: HttpRequest, payload: schemas.TokenIn):
    """Exchange a username (or phone number) and password for a bearer token."""
    if is_ratelimited(
        request,
        group="api-token",
        key=client_address,
        rate=settings.API_TOKEN_RATE,
        increment=True,
    ):
        return Status(429, {"detail": _("Too many attempts; try again later.")})
    wait = throttle.wait_seconds(axes_username(request, {"username": payload.username}))
    if wait:
        return Status(429, {"detail": slowed_message(wait)})
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # Answer in JSON here; left set, the flag makes AxesMiddleware send its HTML page.
            request.axes_locked_out = False
            return Status(429, {"detail": _("Too many failed attempts; the account is locked.")})
        return Status(401, {"detail": _("Wrong username or password.")})
    token, record = issue_token(user=user)
    return Status(200, {"token": token, "expires_at": record.expires_at})


class PlaceFilters(Schema):
    parent: str | None = Field(None, pattern=schemas.TEXT, description="parent's official code")
    level: Level | None = None
    q: str | None = Field(None, pattern=schemas.TEXT, description="words of the name")
    include_historic: bool = False


@api.get(
    "/places",
    response={200: list[schemas.PlaceOut], 400: schemas.ErrorOut},
    auth=None,
    tags=["places"],
)
@paginate(Pages)
def list_places(request: HttpRequest, filters: Query[PlaceFilters]):
    """Public list of places (names and codes are public data). `q` ignores diacritics."""
    places = search_places(filters.q) if filters.q else Place.objects.all()
    if not filters.include_historic:
        places = places.filter(valid_to__isnull=True)
    if filters.level:
        places = places.filter(level=filters.level)
    if filters.parent:
        places = places.filter(parent__code=filters.parent)
        if not filters.include_historic:
            places = places.filter(parent__valid_to__isnull=True)
    places = places.select_related("parent").prefetch_related("successors")
    return places if filters.q else places.order_by("path")


class TeamFilters(Schema):
    place: str | None = Field(
        None, pattern=schemas.TEXT, description="official code of a place: its whole subtree"
    )
    q: str | None = Field(None, pattern=schemas.TEXT, description="team, place or member name")
    status: str | None = Field(None, pattern=schemas.TEXT)


@api.get(
    "/teams",
    response={200: list[schemas.TeamOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["teams"],
)
@paginate(Pages)
def list_teams(request: HttpRequest, filters: Query[TeamFilters]):
    place = None
    if filters.place:
        place = Place.objects.current().filter(code=filters.place).first()
        if place is None:
            return Team.objects.none()
    return team_queries.team_list(
        request.user, place=place, q=filters.q or "", status=filters.status or ""
    )


@api.get(
    "/teams/{team_id}",
    response={
        200: schemas.TeamDetailOut,
        400: schemas.ErrorOut,
        401: schemas.ErrorOut,
        404: schemas.ErrorOut,
    },
    auth=AUTH,
    tags=["teams"],
)
def get_team(request: HttpRequest, team_id: int):
    team = team_queries.team_list(request.user).filter(pk=team_id).first()
    if team is None:
        return Status(404, {"detail": _("Not found.")})
    phones = PhoneDisplay.for_user(request.user)
    members = [
        {
            "membership_id": m.pk,
            "full_name": m.person.full_name,
            "phone": phones.show(m.person.phone, team=team),
            "gender": m.person.gender,
            "birth_year": m.person.birth_year,
            "role": m.role,
            "affiliations": [a.kind for a in m.affiliations.all()],
            "enterprise": m.enterprise.name if m.enterprise_id else None,
            "joined_on": m.joined_on,
        }
        for m in team_queries.members_of(team)
    ]
    team.members = members
    return Status(200, team)


@api.get(
    "/services",
    response={200: list[schemas.ServiceOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["campaigns"],
)
def list_services(request: HttpRequest):
    """The service catalogue offered in campaigns (retired services left out)."""
    return Service.objects.active()


@api.get(
    "/field/assignments",
    response={200: list[schemas.AssignmentOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["field app"],
)
def field_assignments(request: HttpRequest):
    """The caller's assignments in open campaigns: their own team's, or their area's teams'."""
    return (
        Assignment.objects.visible_to(request.user)
        .filter(plan__campaign__status=CampaignStatus.OPEN)
        .select_related("plan__campaign", "hamlet")
        .order_by("starts_on", "hamlet__search_name")
    )


@api.get(
    "/field/hamlets",
    response={200: list[schemas.HamletOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["field app"],
)
def field_hamlets(request: HttpRequest):
    """Current hamlets of the communes where the caller's visible teams work."""
    communes = Team.objects.visible_to(request.user).values("place__commune_id")
    return (
        Place.objects.current()
        .filter(level=Level.HAMLET, commune_id__in=communes)
        .select_related("commune")
        .order_by("commune__search_name", "search_name")
    )


@api.post(
    "/sync/visits",
    response={
        200: schemas.SyncOut,
        400: schemas.ErrorOut,
        401: schemas.ErrorOut,
        403: schemas.ErrorOut,  # signed in by session without the X-CSRFToken header
    },
    auth=AUTH,
    tags=["field app"],
)
def sync_visits(request: HttpRequest, payload: schemas.SyncIn):
    """Send a batch of up to 500 visits recorded on a phone; each record gets its own result.

    `created`: stored now. `updated`: an edit made on the server's current version, applied.
    `duplicate`: the same content is already stored (`id` is the original). `conflict`: different
    content under the same UUID, or an edit on a stale version; the server's copy is kept and
    returned in `server`, the phone's is kept for review. `invalid`: see `errors`; not stored.
    The phone removes from its outbox every record answered anything but `invalid`."""
    batch = sync.sync_visits(
        actor=request.user, records=payload.visits, device_clock=payload.device_clock
    )
    # Rendered as it is: checking up to 500 results against `SyncOut` again would cost more
    # than storing them (a test holds the answer to that schema).
    return api.create_response(request, batch.as_data(), status=200)


@api.get(
    "/field/visits",
    response={200: list[schemas.FieldVisitOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["field app"],
)
@paginate(Pages)
def field_visits(request: HttpRequest):
    """The caller's own visits in campaigns that are not closed, newest first."""
    return sync.own_visits(request.user)


# Training (D4.1, D4.2) ----------------------------------------------------------------------


class TrainingSessionFilters(Schema):
    since: date | None = Field(None, description="sessions ending on or after this day (today)")
    course: int | None = Field(None, ge=1, le=2**62, description="one course's sessions")


@api.get(
    "/training/sessions",
    response={200: list[schemas.TrainingSessionOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["training"],
)
@paginate(Pages)
def list_training_sessions(request: HttpRequest, filters: Query[TrainingSessionFilters]):
    """Sessions the caller may attend or see: open to everyone, or of courses of their area
    (a province's courses are seen in all its communes), from today or `since`, soonest first."""
    since = None
    if filters.since is not None:
        # No session is older than 1970; an earlier day would overflow in the time arithmetic.
        day = max(filters.since, date(1970, 1, 1))
        since = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    sessions = training_queries.calendar(request.user, since=since)
    if filters.course is not None:
        sessions = sessions.filter(course_id=filters.course)
    return sessions


@api.post(
    "/training/sessions/{session_id}/enrolments",
    response={
        200: schemas.EnrolmentOut,
        400: schemas.ErrorOut,
        401: schemas.ErrorOut,
        403: schemas.ErrorOut,  # signed in by session without the X-CSRFToken header
        404: schemas.ErrorOut,
        409: schemas.ErrorOut,
    },
    auth=AUTH,
    tags=["training"],
)
def enrol_in_session(request: HttpRequest, session_id: int, payload: schemas.EnrolIn):
    """Enrol yourself (a team member, in a session open to your team) or, as a manager of the
    course, a team member (`membership_id`). A full session, a cancelled one, a session not
    open to the caller's team and a second enrolment of the same person are refused with a
    message (409)."""
    try:
        if payload.membership_id is None:
            session = training_queries.get_session_for_user(request.user, session_id)
            enrolment = training_services.enrol_self(actor=request.user, session=session)
        else:
            session = training_queries.get_session_for_user(
                request.user, session_id, Perm.MANAGE_TRAINING
            )
            membership = (
                Membership.objects.visible_to(request.user)
                .select_related("person", "team__place")
                .filter(pk=payload.membership_id)
                .first()
            )
            if membership is None:
                raise Http404
            enrolment = training_services.enrol_membership(
                actor=request.user, session=session, membership=membership
            )
    except (Http404, PermissionDenied):
        return Status(404, {"detail": _("Not found.")})
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    enrolment.session.refresh_from_db(fields=["enrolled_count"])
    return Status(200, enrolment)


@api.post(
    "/training/sessions/{session_id}/checkin",
    response={
        200: schemas.CheckInOut,
        400: schemas.ErrorOut,
        409: schemas.CheckInOut,
        401: schemas.ErrorOut,
        403: schemas.ErrorOut,  # signed in by session without the X-CSRFToken header
    },
    auth=AUTH,
    tags=["training"],
)
def check_in_session(request: HttpRequest, session_id: int, payload: schemas.CheckInIn):
    """Mark yourself present with the code read from the trainer's QR code. Refusals (409)
    say why: invalid, another session's code, expired, an old code replayed, not enrolled."""
    session = Session.objects.filter(pk=session_id).select_related("course").first()
    if session is None:
        result = training_services.invalid_code()
    else:
        result = training_services.check_in(session=session, code=payload.code, user=request.user)
    body = {"ok": result.ok, "kind": result.kind, "detail": result.message}
    return Status(200 if result.ok else 409, body)


# Recognition, outreach and partners (issues 15–16): their endpoints in their own module.
api.add_router("", recognition.router)
