"""Outreach (D4.5, D6.1): the communication log and the events, such as Digital Transformation
Day (10/10).

An item of communication (a news article, a loudspeaker broadcast, a leaflet …) belongs to a
place, the province or a commune (its scope), and to an outlet (an organisation: a newspaper,
a commune's loudspeaker system, a Zalo page). Media editors log their outlet's items; commune
officers their commune's; the province reads everything and marks items as its public news.
An event gathers activities tocds already holds: training sessions, campaign days in its place,
enterprises' booths and communication items; its figures are computed from them
(`figures.py`). Neither carries personal data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import max_length_check


class ItemKind(models.TextChoices):
    NEWS = "news", _("News article")
    REPORT = "report", _("Feature report")
    VIDEO = "video", _("Video")
    RADIO = "radio", _("Radio")
    TV = "tv", _("Television")
    LOUDSPEAKER = "loudspeaker", _("Commune loudspeaker broadcast")
    SOCIAL = "social", _("Social-media post")
    LEAFLET = "leaflet", _("Leaflet")
    MEETING = "meeting", _("Meeting")


class ReachUnit(models.TextChoices):
    """What an item's reach counts."""

    VIEWS = "views", _("views")
    LISTENERS = "listeners", _("listeners")
    COPIES = "copies", _("copies")
    PARTICIPANTS = "participants", _("participants")


# Organisations that may be an item's outlet: media, a commune's committee (its loudspeaker
# system), the province's agencies and the Youth Union, a page registered as "other".
OUTLET_KINDS = (
    "media",
    "commune_committee",
    "province_agency",
    "science_agency",
    "youth_union",
    "other",
)


def _none() -> Q:
    return Q(pk__in=[])


def log_q(user, path_field: str = "place__path", outlet_field: str = "outlet_id") -> Q:
    """The items a user logs (`outreach.log`): those of the places of their grants that name no
    organisation (a commune officer: their commune's; the province's administrator: every
    item of the province), and those of the outlets named on their grants inside the grants'
    places (a media editor: their outlet's)."""
    from tocds.people.scoping import (
        Perm,
        organisations_for,
        paths_without_organisation,
        scope_for,
    )
    from tocds.places import tree

    q = _none()
    paths = paths_without_organisation(user, Perm.LOG_OUTREACH)
    if paths:
        q |= tree.within(paths, path_field)
    outlets = organisations_for(user, Perm.LOG_OUTREACH)
    if outlets:
        q |= Q(**{f"{outlet_field}__in": sorted(outlets)}) & scope_for(
            user, Perm.LOG_OUTREACH
        ).place_q(path_field)
    return q


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "ItemQuerySet":
        """Items the user may read. `outreach.log`: the items they log (see `log_q`);
        `outreach.view` (the default's other half): every item of their places (the province:
        all; a commune officer: their commune's). Without a permission, both."""
        from tocds.people.scoping import Perm, scope_for

        if perm == Perm.LOG_OUTREACH:
            return self.filter(log_q(user))
        if perm is not None:
            return self.filter(scope_for(user, perm).place_q("place__path"))
        view = scope_for(user, Perm.VIEW_OUTREACH)
        return self.filter(log_q(user) | view.place_q("place__path"))

    def public(self) -> "ItemQuerySet":
        return self.filter(is_public=True)


class Item(models.Model):
    """One item of communication: an article, a report, a broadcast, a post, a leaflet or a
    meeting, with its outlet, the place it belongs to and those it concerns, its link or file,
    its reach where known and its language."""

    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    outlet = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("outlet"),
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    published_on = models.DateField(_("date published"))
    # The place the item belongs to (the province or a commune): who logs it and reads it.
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="+", verbose_name=_("places it concerns")
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="outreach/%Y/%m/", max_length=255, blank=True)
    content_type = models.CharField(max_length=40, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True, editable=False)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    reach_unit = models.CharField(
        _("reach counts"), max_length=16, choices=ReachUnit.choices, blank=True
    )
    language = models.ForeignKey(
        "learning.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    event = models.ForeignKey(
        "outreach.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("event"),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("model"),
    )
    movement = models.ForeignKey(
        "movements.Movement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("emulation movement"),
    )
    # The province's public news: marked by the province (`outreach.publish`).
    is_public = models.BooleanField(_("public news"), default=False)
    published_at = models.DateTimeField(_("made public at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[places])

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("communication item")
        verbose_name_plural = _("communication items")
        ordering = ["-published_on", "-pk"]
        constraints = [
            max_length_check("title", 300),
            max_length_check("link", 500),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(published_at__isnull=False),
                name="item_public_has_time",
            ),
        ]
        indexes = [models.Index(fields=["is_public", "-published_at"], name="item_public_news")]

    def __str__(self) -> str:
        return self.title


class EventKind(models.TextChoices):
    DX_DAY = "dx_day", _("Digital Transformation Day")
    FESTIVAL = "festival", _("Digital festival")
    CONFERENCE = "conference", _("Conference or seminar")
    LAUNCH = "launch", _("Launch of a campaign")
    OTHER = "other", _("Other event")


class EventQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "EventQuerySet":
        """Events of the places where the user holds `perm` (by default logging or viewing
        outreach) and of the places above them: a commune officer sees their commune's events
        and the province's."""
        from tocds.people.scoping import Perm, scope_for
        from tocds.places import tree

        q = _none()
        for each in [perm] if perm else [Perm.LOG_OUTREACH, Perm.VIEW_OUTREACH]:
            paths = scope_for(user, each).paths
            if paths:
                above = sorted({a for path in paths for a in tree.ancestors(path)})
                q |= tree.within(paths, "place__path") | Q(place__path__in=above)
        return self.filter(q)

    def managed_by(self, user) -> "EventQuerySet":
        """Events the user runs: of the places of their grants that log outreach without naming
        an organisation (officers of the place, never a media editor)."""
        from tocds.people.scoping import Perm, paths_without_organisation
        from tocds.places import tree

        return self.filter(
            tree.within(paths_without_organisation(user, Perm.LOG_OUTREACH), "place__path")
        )

    def public(self) -> "EventQuerySet":
        return self.filter(is_public=True)


class Event(models.Model):
    """An event (Ngày Chuyển đổi số tỉnh 10/10, a commune's "ngày hội số") with the activities
    it gathers: training sessions, the campaign days of its dates in its place, enterprises'
    booths and communication items."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    organiser = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("shown on the public pages"), default=False)
    sessions = models.ManyToManyField(
        "training.Session", blank=True, related_name="+", verbose_name=_("training sessions")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[sessions])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            max_length_check("name", 200),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="event_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Booth(models.Model):
    """An enterprise's booth at an event (guiding people, selling SIM cards, opening accounts),
    with a note of what it offered."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["organisation__name", "pk"]
        constraints = [
            max_length_check("note", 300),
            models.UniqueConstraint(fields=["event", "organisation"], name="booth_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.organisation_id}"
