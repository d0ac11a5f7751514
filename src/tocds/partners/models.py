"""Partners (D7.1, D7.2): the offers enterprises make to the teams' members, the conditions a
member must meet (data over tocds' records, not code per offer) and the redemptions members
claim, each with a one-time code the enterprise checks and marks used.

An enterprise is an `people.Organisation` of kind "enterprise"; its officer holds a grant of
role `partner_officer` naming it (`people.scoping.ORGANISATION_PERMISSIONS`). Its focal staff
in the teams are the memberships tagged with it (`teams.Membership.enterprise`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.certificates.models import CODE_LENGTH
from tocds.core.models import max_length_check


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "OfferQuerySet":
        """Offers the user may read. `partners.offers`: the offers of the enterprises named on
        the user's grants (never another enterprise's); `partners.view`: every offer of the
        provinces where the user holds it. Without a permission, either."""
        from tocds.people.scoping import Perm, organisations_for, scope_for
        from tocds.places import tree

        q = Q(pk__in=[])
        if perm in (None, Perm.MANAGE_OFFERS):
            enterprises = organisations_for(user, Perm.MANAGE_OFFERS)
            if enterprises:
                q |= Q(enterprise_id__in=sorted(enterprises))
        if perm in (None, Perm.VIEW_OFFERS):
            paths = scope_for(user, Perm.VIEW_OFFERS).paths
            if paths:
                q |= tree.within(paths, "province__path")
        return self.filter(q)

    def running(self, today=None) -> "OfferQuerySet":
        """Published offers within their validity dates."""
        today = today or timezone.localdate()
        return self.filter(status=OfferStatus.PUBLISHED, valid_from__lte=today, valid_to__gte=today)


class Offer(models.Model):
    """A preferential offer of an enterprise for team members (D7.2): a discounted data
    package, a device repair at a lower price …"""

    enterprise = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("enterprise"),
        limit_choices_to={"kind": "enterprise"},
    )
    # The province whose teams' members may claim it (the enterprise's province).
    province = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    service = models.CharField(_("service"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    price = models.CharField(
        _("price or discount"),
        max_length=200,
        help_text=_("As the member reads it, e.g. “50% off the monthly fee”."),
    )
    price_value = models.DecimalField(
        _("price or discount as a number"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional: an amount in đồng or a percentage, for the figures."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    # No commune: the whole province.
    communes = models.ManyToManyField(
        "places.Place", blank=True, related_name="+", verbose_name=_("communes")
    )
    # Codes used or still valid hold a place; an expired code frees its place.
    quota = models.PositiveIntegerField(
        _("quota"), null=True, blank=True, help_text=_("Most codes given; empty: no limit.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["created_at"])

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-valid_from", "service", "pk"]
        constraints = [
            max_length_check("service", 200),
            max_length_check("price", 200),
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_to")), name="offer_validity_order"
            ),
            models.CheckConstraint(
                condition=Q(quota__isnull=True) | Q(quota__gte=1), name="offer_quota_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.service


class ConditionKind(models.TextChoices):
    # An active member of an active team in the offer's communes, optionally for at least
    # `at_least` days (every offer also asks this much without a condition saying so).
    ACTIVE_MEMBER = "active_member", _("Active member of a team in the offer's places")
    LEADER = "leader", _("Team leader or deputy")
    COURSE = "course", _("Completed a course")
    VISITS = "visits", _("Household visits recorded in a campaign")


class Condition(models.Model):
    """One condition of an offer's eligibility; a member must meet all of an offer's."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("condition"), max_length=16, choices=ConditionKind.choices)
    course = models.ForeignKey(
        "training.Course",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    # Days in the team (active_member) or visits recorded (visits).
    at_least = models.PositiveIntegerField(_("at least"), null=True, blank=True)

    class Meta:
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="course", course__isnull=False, campaign__isnull=True)
                | Q(kind="visits", campaign__isnull=False, course__isnull=True, at_least__gte=1)
                | Q(
                    kind__in=["active_member", "leader"],
                    course__isnull=True,
                    campaign__isnull=True,
                ),
                name="condition_fields_of_its_kind",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class RedemptionQuerySet(models.QuerySet):
    def of_enterprises(self, user) -> "RedemptionQuerySet":
        """The redemptions of the offers of the enterprises named on the user's grants."""
        from tocds.people.scoping import Perm, organisations_for

        enterprises = organisations_for(user, Perm.MANAGE_OFFERS)
        return self.filter(offer__enterprise_id__in=sorted(enterprises))

    def held_by(self, user) -> "RedemptionQuerySet":
        """The user's own redemptions (through their person in the registry)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(person__user=user)

    def holding_quota(self, now=None) -> "RedemptionQuerySet":
        """Codes that hold one of the offer's quota places: used ones and open ones (an
        expired code frees its place)."""
        now = now or timezone.now()
        return self.filter(Q(used_at__isnull=False) | Q(expires_at__gt=now))


class Redemption(models.Model):
    """A member's claim of an offer: an unguessable one-time code (and its QR code), valid
    until `expires_at`, marked used once by the enterprise."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="redemptions")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="redemptions"
    )
    # The claimant's commune when claiming (the uptake figures by commune).
    commune = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked used by"),
    )

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-claimed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "person"], name="redemption_once_per_member")
        ]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        """The code in groups of four: ABCD-EFGH-JKMN."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def is_expired(self, now=None) -> bool:
        return self.used_at is None and (now or timezone.now()) >= self.expires_at
