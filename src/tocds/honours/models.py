"""Honours (D1.5, D3.1): rounds with their forms and quotas, nominations of collectives and
individuals with their achievements, and every step of a nomination's way from the proposing
unit to the Chairman's decision.

Vietnamese practice (Law on Emulation and Commendation 2022, Decree 98/2023/NĐ-CP): a
proposing unit sends its dossier to the Department of Science and Technology, which selects
within the round's quotas; the Department of Home Affairs appraises and proposes; the
Chairman decides by a decision with its number and date."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import max_length_check


class HonourForm(models.Model):
    """A form of honour ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"): data, seeded by a
    migration; a round gives each form it uses a quota."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    # Who confers it, as the decision's signature reads ("Chủ tịch Ủy ban nhân dân tỉnh").
    conferred_by = models.CharField(_("conferred by"), max_length=120)
    for_collectives = models.BooleanField(_("for collectives"), default=True)
    for_individuals = models.BooleanField(_("for individuals"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("form of honour")
        verbose_name_plural = _("forms of honour")
        ordering = ["order", "name"]
        constraints = [
            max_length_check("name", 200),
            max_length_check("short_name", 60),
            max_length_check("conferred_by", 120),
        ]

    def __str__(self) -> str:
        return self.name


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "RoundQuerySet":
        """Rounds of a province where the user holds `perm` somewhere (default: viewing
        honours): a commune officer sees the rounds of their province."""
        from tocds.people.scoping import Perm, scope_for
        from tocds.places import tree

        scope = scope_for(user, perm or Perm.VIEW_HONOURS)
        if not scope.paths:
            return self.none()
        provinces = sorted({tree.top(path) for path in scope.paths})
        return self.filter(province__path__in=provinces)


class Round(models.Model):
    """A round of honours (đợt xét khen thưởng) with a theme, the period whose achievements
    count, and the deadlines of the units and of the Department."""

    province = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    name = models.CharField(_("theme"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    period_from = models.DateField(_("achievements from"))
    period_to = models.DateField(_("achievements to"))
    submit_by = models.DateField(_("units submit by"))
    select_by = models.DateField(_("the Department selects by"))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round of honours")
        verbose_name_plural = _("rounds of honours")
        ordering = ["-year", "-submit_by", "name"]
        constraints = [
            max_length_check("name", 200),
            models.CheckConstraint(
                condition=Q(period_from__lte=models.F("period_to")), name="round_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    """How many nominations of one form the Department may select in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas")
    form = models.ForeignKey(
        HonourForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("form of honour")
    )
    quota = models.PositiveIntegerField(_("quota"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["form__order", "form__name"]
        constraints = [models.UniqueConstraint(fields=["round", "form"], name="quota_per_form")]

    def __str__(self) -> str:
        return f"{self.form}: {self.quota}"


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the Department of Science and Technology")
    RETURNED = "returned", _("Returned for revision")
    NOT_SELECTED = "not_selected", _("Not selected")
    SELECTED = "selected", _("Selected, with the Department of Home Affairs")
    PROPOSED = "proposed", _("Proposed to the Chairman")
    APPROVED = "approved", _("Honoured")
    NOT_APPROVED = "not_approved", _("Not honoured")


# Statuses that hold one of the round's quota places.
HOLDS_QUOTA = (Status.SELECTED, Status.PROPOSED, Status.APPROVED)


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "NominationQuerySet":
        """Nominations the user may read. With a permission, what that step of the way sees:

        - proposing (`honours.propose`): every nomination of the units in the user's places;
        - selecting (`honours.select`): what was submitted (never a unit's draft);
        - appraising (`honours.appraise`): only what reached Home Affairs (once selected);
        - deciding (`honours.decide`): only what was proposed to the Chairman;
        - viewing (`honours.view`): the honoured ones.

        Without one (the default), what any of the user's steps sees."""
        from tocds.people.scoping import Perm

        if perm is None:
            steps = [Perm.PROPOSE_HONOURS, *(Perm(value) for value in STEP_FILTERS)]
            combined = Q(pk__in=[])
            for step in steps:
                combined |= _step_q(user, step)
            return self.filter(combined)
        return self.filter(_step_q(user, perm))

    def honoured(self) -> "NominationQuerySet":
        return self.filter(status=Status.APPROVED)


def _step_q(user, perm) -> Q:
    from tocds.people.scoping import Perm, scope_for

    if perm == Perm.PROPOSE_HONOURS:
        return _unit_q(user)
    scope = scope_for(user, perm)
    if not scope.paths:
        return Q(pk__in=[])
    return scope.place_q("unit_place__path") & STEP_FILTERS.get(str(perm), Q(pk__in=[]))


def _unit_q(user) -> Q:
    """The nominations of the units a proposer acts for: those of the places of their grants
    that name no organisation (a commune officer: their commune's; the province's
    administrator: every unit's), and those of the organisations named on their grants (the
    Youth Union's officer: the Youth Union's only)."""
    from tocds.people.scoping import (
        Perm,
        organisations_for,
        paths_without_organisation,
    )
    from tocds.places import tree

    q = Q(pk__in=[])
    paths = paths_without_organisation(user, Perm.PROPOSE_HONOURS)
    if paths:
        q |= tree.within(paths, "unit_place__path")
    organisations = organisations_for(user, Perm.PROPOSE_HONOURS)
    if organisations:
        q |= Q(unit_organisation_id__in=sorted(organisations))
    return q


# What each later step of the way sees, by permission (the values of `people.scoping.Perm`).
STEP_FILTERS = {
    "honours.select": ~Q(status=Status.DRAFT) & Q(submitted_at__isnull=False),
    "honours.appraise": Q(selected_at__isnull=False),
    "honours.decide": Q(proposed_at__isnull=False),
    "honours.view": Q(status=Status.APPROVED),
}


class Nomination(models.Model):
    """One collective or individual proposed for one form of honour in a round, by a unit (a
    commune's People's Committee, the Youth Union …), with the achievements that are its
    evidence: models and initiatives, movement rankings, and figures tocds holds."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("round")
    )
    form = models.ForeignKey(
        HonourForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("form of honour")
    )
    kind = models.CharField(_("nominee"), max_length=12, choices=NomineeKind.choices)
    # The proposing unit: its place (a commune, or the province for a provincial body) and,
    # where the unit is an organisation (the Youth Union), that organisation.
    unit_place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("proposing unit")
    )
    unit_organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposing organisation"),
    )
    # The nominee: a team, an organisation (a school, a youth union branch, a commune's
    # committee) or a person of the registry (a team member); an official who is not in the
    # registry by name, position and workplace.
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team member"),
    )
    nominee_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    workplace = models.CharField(_("workplace"), max_length=200, blank=True)
    # The commune the nominee belongs to (none for a provincial body or official): figures
    # of honours by commune.
    commune = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    achievements = models.TextField(_("achievements"), blank=True)
    initiatives = models.ManyToManyField(
        "initiatives.Initiative", blank=True, related_name="+", verbose_name=_("models")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # When each step was first reached: what a step sees (`STEP_FILTERS`) and the deadlines.
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    selected_at = models.DateTimeField(_("first selected at"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("first proposed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    # Why it was returned, not selected or not honoured (the last comment of a move).
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[initiatives])

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "form__order", "kind", "pk"]
        constraints = [
            max_length_check("nominee_name", 150),
            max_length_check("position", 150),
            max_length_check("workplace", 200),
            max_length_check("decision_number", 40),
            # A collective is a team or an organisation; an individual a team member or a
            # named official: exactly one nominee.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=NomineeKind.COLLECTIVE,
                        person__isnull=True,
                        nominee_name="",
                    )
                    & (
                        Q(team__isnull=False, organisation__isnull=True)
                        | Q(team__isnull=True, organisation__isnull=False)
                    )
                )
                | (
                    Q(kind=NomineeKind.INDIVIDUAL, team__isnull=True, organisation__isnull=True)
                    & (Q(person__isnull=False, nominee_name="") | Q(person__isnull=True))
                    & ~Q(person__isnull=True, nominee_name="")
                ),
                name="nomination_one_nominee",
            ),
        ]

    def __str__(self) -> str:
        return self.nominee

    @property
    def nominee(self) -> str:
        """The nominee's name as the documents write it."""
        if self.team_id:
            return self.team.name
        if self.organisation_id:
            return self.organisation.name
        if self.person_id:
            return self.person.full_name
        return self.nominee_name

    @property
    def unit_name(self) -> str:
        if self.unit_organisation_id:
            return self.unit_organisation.name
        from tocds.reports.decree30 import lower_prefix

        return f"UBND {lower_prefix(self.unit_place.name)}"


class NominationEvent(models.Model):
    """One move of a nomination: who, when, from which status to which, and the comment."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.from_status} → {self.to_status}"
