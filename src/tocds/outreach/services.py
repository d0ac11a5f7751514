"""Writes of outreach: one service per change.

Items: a media editor logs and edits their outlet's items (`outreach.log` through a grant
naming the outlet) about any place of their grant; a commune officer their commune's items,
of any outlet of the commune or the province; the province's administrator any item of the
province. The province marks an item as its public news and takes the mark off
(`outreach.publish`). Events are run by the officers of their place (never by a media editor):
their sessions, booths and public mark."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.initiatives.services import sniff
from tocds.outreach.models import (
    OUTLET_KINDS,
    Booth,
    Event,
    EventKind,
    Item,
    ItemKind,
    ReachUnit,
)
from tocds.people.models import Organisation, OrganisationKind
from tocds.people.scoping import (
    Perm,
    organisations_for,
    paths_without_organisation,
    require_perm_at,
)
from tocds.places import tree
from tocds.places.models import Level, Place

# Items ---------------------------------------------------------------------------------------


def require_logger(actor, place: Place, outlet: Organisation) -> None:
    """PermissionDenied unless `actor` logs items of this outlet at this place: the outlet is
    named on one of their grants (a media editor), or the place lies in a grant naming no
    organisation (a commune officer, the province's administrator)."""
    require_perm_at(actor, Perm.LOG_OUTREACH, place=place)
    if outlet.pk in organisations_for(actor, Perm.LOG_OUTREACH):
        return
    paths = paths_without_organisation(actor, Perm.LOG_OUTREACH)
    if not any(tree.is_within(place, path) for path in paths):
        raise PermissionDenied


def may_edit(user, item: Item) -> bool:
    """Whether `user` may change the item (a flag for its page)."""
    try:
        require_logger(user, item.place, item.outlet)
    except PermissionDenied:
        return False
    return True


def check_link(link: str) -> str:
    """An http or https address; anything else (javascript:, data:, file:) is refused."""
    link = link.strip()
    if not link:
        return ""
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError({"link": _("Give an address starting with http:// or https://.")})
    return link


def check_upload(upload) -> tuple[str, str]:
    """(content type, extension) of an accepted file: at most `MAX_EVIDENCE_BYTES`, a JPEG, PNG
    or PDF by its content (never by its name or the browser's word)."""
    limit = settings.MAX_EVIDENCE_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is too large (at most %(size)s).")
                % {"size": filesizeformat(limit)}
            }
        )
    upload.seek(0)
    found = sniff(upload.read(16))
    upload.seek(0)
    if found is None:
        raise ValidationError({"file": _("Only photos (JPEG, PNG) and PDF documents are kept.")})
    return found


@dataclass(frozen=True)
class ItemDetails:
    kind: str
    outlet: Organisation
    title: str
    published_on: date
    place: Place
    language: object  # learning.Language
    summary: str = ""
    places: tuple[Place, ...] = ()
    link: str = ""
    reach: int | None = None
    reach_unit: str = ""
    campaign: object = None
    event: Event | None = None
    initiative: object = None
    movement: object = None


def _check_item(details: ItemDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.kind not in ItemKind.values:
        errors["kind"] = _("Choose a kind.")
    if details.place.level not in (Level.PROVINCE, Level.COMMUNE) or not details.place.is_current:
        errors["place"] = _("An item belongs to the province or to a commune.")
    outlet = details.outlet
    if outlet.kind not in OUTLET_KINDS or not tree.is_within(details.place, outlet.place):
        errors["outlet"] = _("Choose an outlet of the commune or of the province.")
    if any(
        p.level not in (Level.COMMUNE, Level.HAMLET) or not tree.is_within(p, details.place)
        for p in details.places
    ):
        errors["places"] = _("The places an item concerns lie inside its own place.")
    if details.reach is not None and details.reach_unit not in ReachUnit.values:
        errors["reach_unit"] = _("Say what the reach counts.")
    if details.reach is None and details.reach_unit:
        errors["reach"] = _("Give the number, or leave what it counts empty.")
    if details.published_on > timezone.localdate():
        errors["published_on"] = _("An item is logged once it is published.")
    if details.event is not None and not (
        tree.is_within(details.event.place, details.place)
        or tree.is_within(details.place, details.event.place)
    ):
        errors["event"] = _("Choose an event of the item's place or of the province.")
    return errors


@transaction.atomic
def save_item(
    *,
    actor,
    item: Item | None,
    details: ItemDetails,
    upload=None,
    remove_file: bool = False,
) -> Item:
    """Log an item or change one. The actor must log at the new place with the new outlet and,
    for a change, at the item's place with its outlet. A file replaces the one kept."""
    require_logger(actor, details.place, details.outlet)
    if item is not None:
        require_logger(actor, item.place, item.outlet)
    errors = _check_item(details)
    try:
        link = check_link(details.link)
    except ValidationError as error:
        errors.update(error.message_dict)
        link = ""
    found = None
    if upload is not None:
        try:
            found = check_upload(upload)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    item = item or Item(created_by=actor)
    old_file = item.file.name if item.file else ""
    item.kind = details.kind
    item.outlet = details.outlet
    item.title = details.title
    item.summary = details.summary
    item.published_on = details.published_on
    item.place = details.place
    item.language = details.language
    item.link = link
    item.reach = details.reach
    item.reach_unit = details.reach_unit if details.reach is not None else ""
    item.campaign = details.campaign
    item.event = details.event
    item.initiative = details.initiative
    item.movement = details.movement
    if found is not None:
        content_type, extension = found
        upload.name = f"item{extension}"
        item.file = upload
        item.content_type = content_type
        item.size = upload.size
    elif remove_file and old_file:
        item.file = ""
        item.content_type = ""
        item.size = None
    stamp(item, actor=actor, reason="edited" if item.pk else "created")
    item.save()
    item.places.set([p for p in details.places if p.pk != details.place.pk])
    if old_file and (found is not None or remove_file):
        storage = item.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return item


@transaction.atomic
def set_public(*, actor, item: Item, public: bool) -> Item:
    """The province marks an item as its public news (from now), or takes the mark off."""
    item = Item.objects.select_for_update().select_related("place").get(pk=item.pk)
    require_perm_at(actor, Perm.PUBLISH_NEWS, place=item.place)
    if item.is_public == public:
        return item
    item.is_public = public
    item.published_at = timezone.now() if public else None
    stamp(item, actor=actor, reason="made public" if public else "made private")
    item.save(update_fields=["is_public", "published_at"])
    return item


# Events --------------------------------------------------------------------------------------


def require_event_manager(actor, place: Place) -> None:
    """PermissionDenied unless `actor` runs events at `place`: an officer of the place or above
    (a grant that logs outreach without naming an organisation), never a media editor."""
    require_perm_at(actor, Perm.LOG_OUTREACH, place=place)
    paths = paths_without_organisation(actor, Perm.LOG_OUTREACH)
    if not any(tree.is_within(place, path) for path in paths):
        raise PermissionDenied


@dataclass(frozen=True)
class EventDetails:
    name: str
    kind: str
    starts_on: date
    ends_on: date
    place: Place
    organiser: Organisation | None = None
    description: str = ""
    is_public: bool = False
    sessions: tuple = ()


def _check_event(details: EventDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.kind not in EventKind.values:
        errors["kind"] = _("Choose a kind.")
    if details.starts_on > details.ends_on:
        errors["ends_on"] = _("The event ends before it starts.")
    place = details.place
    if place.level not in (Level.PROVINCE, Level.COMMUNE) or not place.is_current:
        errors["place"] = _("An event is held by the province or by a commune.")
    organiser = details.organiser
    if organiser is not None and not (
        tree.is_within(organiser.place, place) or tree.is_within(place, organiser.place)
    ):
        errors["organiser"] = _("Choose an organisation of the event's place or of the province.")
    for session in details.sessions:
        course_place = session.course.place
        if not (tree.is_within(course_place, place) or tree.is_within(place, course_place)):
            errors["sessions"] = _("Choose sessions of courses of the event's place.")
    return errors


@transaction.atomic
def save_event(*, actor, event: Event | None, details: EventDetails) -> Event:
    """Create an event or change one, with its linked training sessions."""
    require_event_manager(actor, details.place)
    if event is not None:
        require_event_manager(actor, event.place)
    errors = _check_event(details)
    if errors:
        raise ValidationError(errors)
    event = event or Event(created_by=actor)
    event.name = details.name
    event.kind = details.kind
    event.starts_on = details.starts_on
    event.ends_on = details.ends_on
    event.place = details.place
    event.organiser = details.organiser
    event.description = details.description
    event.is_public = details.is_public
    stamp(event, actor=actor, reason="edited" if event.pk else "created")
    event.save()
    event.sessions.set(list(details.sessions))
    return event


@transaction.atomic
def add_booth(*, actor, event: Event, organisation: Organisation, note: str = "") -> Booth:
    """An enterprise's booth at the event (its note changed if it has one already)."""
    require_event_manager(actor, event.place)
    if organisation.kind != OrganisationKind.ENTERPRISE:
        raise ValidationError({"organisation": _("A booth is an enterprise's.")})
    if not tree.is_within(event.place, tree.top(organisation.place)):
        raise ValidationError({"organisation": _("Choose an enterprise of the province.")})
    booth = Booth.objects.filter(event=event, organisation=organisation).first()
    booth = booth or Booth(event=event, organisation=organisation)
    booth.note = note
    stamp(booth, actor=actor, reason="edited" if booth.pk else "created")
    booth.save()
    return booth


@transaction.atomic
def remove_booth(*, actor, booth: Booth) -> None:
    require_event_manager(actor, booth.event.place)
    stamp(booth, actor=actor, reason="removed")
    booth.delete()
