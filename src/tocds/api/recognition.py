"""The API of recognition, outreach and partners: honours' nominations, emulation movements
and their rankings, the communication log, and the enterprises' redemption codes — on the same
scoping as their pages."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from tocds.api import schemas
from tocds.api.common import AUTH, Pages
from tocds.honours import queries as honour_queries
from tocds.movements import rankings
from tocds.movements.models import Movement
from tocds.partners import queries as partner_queries
from tocds.partners import services as partner_services

router = Router()


class NominationFilters(Schema):
    round: int | None = Field(None, ge=1, le=2**31 - 1, description="a round's id")
    status: str | None = Field(None, pattern=schemas.TEXT)


@router.get(
    "/honours/nominations",
    response={200: list[schemas.NominationOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["honours"],
    url_name="honour_nominations",
)
@paginate(Pages)
def list_nominations(request: HttpRequest, filters: Query[NominationFilters]):
    """Nominations for honours the user's office sees: a unit its own, the Department what
    was submitted, Home Affairs what it selected, the Chairman's office what was proposed."""
    nominations = honour_queries.nominations(request.user).select_related("commune")
    if filters.round:
        nominations = nominations.filter(round_id=filters.round)
    if filters.status:
        nominations = nominations.filter(status=filters.status)
    return nominations.order_by("pk")


# Emulation movements (D5.2) ---------------------------------------------------------------------


@router.get(
    "/movements",
    response={200: list[schemas.MovementOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["movements"],
)
@paginate(Pages)
def movement_list(request: HttpRequest):
    """The emulation movements that concern the caller's places, newest first."""
    return (
        Movement.objects.visible_to(request.user)
        .select_related("organiser", "province")
        .prefetch_related("communes")
    )


@router.get(
    "/movements/{movement_id}/ranking",
    response={
        200: schemas.RankingOut,
        400: schemas.ErrorOut,
        401: schemas.ErrorOut,
        404: schemas.ErrorOut,
    },
    auth=AUTH,
    tags=["movements"],
)
def movement_ranking(request: HttpRequest, movement_id: int):
    """A movement's ranking by kind of participant with each score's breakdown: live while
    it runs, frozen once it is closed."""
    movement = (
        Movement.objects.visible_to(request.user)
        .select_related("province")
        .filter(pk=movement_id)
        .first()
    )
    if movement is None:
        return Status(404, {"detail": _("Not found.")})
    ranking = rankings.ranking_for(movement)
    rows = [
        {
            "participant_id": row.participant.pk,
            "kind": row.participant.kind,
            "name": row.participant.name,
            "commune_code": row.participant.commune.code if row.participant.commune_id else None,
            "rank": row.rank,
            "out_of": row.out_of,
            "score": float(row.score),
            "lines": [
                {
                    "criterion_id": line.criterion_id,
                    "name": line.name,
                    "kind": line.kind,
                    "measure": line.measure,
                    "value": None if line.value is None else float(line.value),
                    "weight": float(line.weight),
                    "points": float(line.points),
                }
                for line in row.lines
            ],
        }
        for row in ranking.rows()
    ]
    return Status(
        200,
        {
            "movement_id": movement.pk,
            "frozen": ranking.frozen,
            "frozen_at": ranking.frozen_at,
            "counted_to": ranking.counted_to,
            "rows": rows,
        },
    )


# Outreach: the communication log (D4.5, D6.1) ---------------------------------------------------


class OutreachItemFilters(Schema):
    kind: str | None = Field(None, pattern=schemas.TEXT, max_length=16)
    commune: str | None = Field(None, pattern=schemas.TEXT, max_length=20, description="code")
    published_from: date | None = None
    published_to: date | None = None


@router.get(
    "/outreach/items",
    response={200: list[schemas.OutreachItemOut], 400: schemas.ErrorOut, 401: schemas.ErrorOut},
    auth=AUTH,
    tags=["outreach"],
    url_name="outreach_items",
)
@paginate(Pages)
def list_outreach_items(request: HttpRequest, filters: Query[OutreachItemFilters]):
    """Communication items the caller reads, newest first: a media editor their outlet's, a
    commune officer their commune's, the province every item (no personal data)."""
    from tocds.outreach import queries as outreach_queries

    items = outreach_queries.items(request.user)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.commune:
        items = items.filter(place__code=filters.commune)
    if filters.published_from:
        items = items.filter(published_on__gte=filters.published_from)
    if filters.published_to:
        items = items.filter(published_on__lte=filters.published_to)
    return items.order_by("-published_on", "-pk")


# Partners (D7.2): an enterprise's systems check and use its offers' codes ----------------------


def _redemption_body(redemption) -> dict:
    status = partner_services.status_of(redemption)
    return {
        "code": redemption.display_code,
        "status": status,
        "usable": status == partner_services.CodeStatus.OPEN,
        "offer_id": redemption.offer_id,
        "offer": redemption.offer.service,
        "price": redemption.offer.price,
        "enterprise": redemption.offer.enterprise.name,
        "holder_name": redemption.person.full_name,
        "claimed_at": redemption.claimed_at,
        "expires_at": redemption.expires_at,
        "used_at": redemption.used_at,
    }


REDEMPTION_CODE = Path(..., max_length=40, pattern=schemas.TEXT, description="the member's code")


@router.get(
    "/partners/redemptions/{code}",
    response={
        200: schemas.RedemptionOut,
        400: schemas.ErrorOut,
        401: schemas.ErrorOut,
        404: schemas.ErrorOut,
    },
    auth=AUTH,
    tags=["partners"],
    url_name="partner_redemption",
)
def partner_redemption(request: HttpRequest, code: str = REDEMPTION_CODE):
    """A code of one of the caller's enterprise's offers (dashes and case ignored): the offer,
    its validity, its status and the holder's full name. Any other code: 404."""
    try:
        redemption = partner_queries.get_redemption_for_enterprise(request.user, code)
    except Http404:
        return Status(404, {"detail": _("Not found.")})
    return Status(200, _redemption_body(redemption))


@router.post(
    "/partners/redemptions/{code}/use",
    response={
        200: schemas.RedemptionOut,
        400: schemas.ErrorOut,
        401: schemas.ErrorOut,
        403: schemas.ErrorOut,  # signed in by session without the X-CSRFToken header
        404: schemas.ErrorOut,
        409: schemas.ErrorOut,
    },
    auth=AUTH,
    tags=["partners"],
    url_name="partner_redemption_use",
)
def partner_redemption_use(request: HttpRequest, code: str = REDEMPTION_CODE):
    """Mark a code used, once: 409 with the reason when it was already used, has expired or
    its holder has left their team."""
    try:
        redemption = partner_queries.get_redemption_for_enterprise(request.user, code)
    except Http404:
        return Status(404, {"detail": _("Not found.")})
    try:
        redemption = partner_services.use_code(actor=request.user, redemption=redemption)
    except PermissionDenied:
        return Status(404, {"detail": _("Not found.")})
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    return Status(200, _redemption_body(redemption))
