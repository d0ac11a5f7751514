"""The directive tracker (issue 17 §1): directives as data, their clauses, the clauses'
indicators, reporting periods, targets, figures entered by hand with evidence, and statuses
set by hand.

A `Directive` (2521/UBND-VX, or any later one) has `Clause`s (D1.1 …), each with its
responsible organisation, the cooperating ones and whether it falls to the communes. A
`ClauseIndicator` is a figure of a clause: a formula of the reports' vocabulary
(`tocds.reports.formulas`) or, empty, a figure entered by hand (`HandFigure`, with `Evidence`).
A `Period` is a month, quarter, half-year or year of the province; a `Target` is an indicator's
target for a period and place. The status of a clause for a period and place is derived by
`tocds.tracker.status` from the figures against their targets, or, where no target is set, the
one its responsible agency set (`ClauseStatus`). Every row keeps its history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tocds.core.models import max_length_check
from tocds.reports.models import EDITABLE_STATUSES, ReportStatus


class Directive(models.Model):
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issued by"), max_length=200)
    province = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    is_active = models.BooleanField(_("followed"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["province", "number"], name="directive_unique_number"),
            max_length_check("title", 300),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class Clause(models.Model):
    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("directive")
    )
    code = models.CharField(_("clause"), max_length=16)  # "D1.1", as the project's docs cite it
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("text of the directive"))
    responsible = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    cooperating = models.ManyToManyField(
        "people.Organisation", blank=True, related_name="+", verbose_name=_("cooperating agencies")
    )
    # The clause falls to every commune (the districts' duties since 1 July 2025): its status
    # and figures are followed per commune, and each commune's officer reports on it.
    falls_to_communes = models.BooleanField(_("falls to the communes"), default=False)
    history = HistoricalRecords(m2m_fields=[cooperating])

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["directive", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "code"], name="clause_unique_code"),
            max_length_check("title", 200),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ClauseIndicator(models.Model):
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("clause")
    )
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30)  # as the report writes it: "người", "tiết"
    # Empty: entered by hand with evidence. Otherwise terms of the reports' formula vocabulary.
    formula = models.CharField(_("formula"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clause indicator")
        verbose_name_plural = _("clause indicators")
        ordering = ["clause", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "code"], name="clause_indicator_unique"),
            max_length_check("name", 300),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return not self.formula.strip()


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")


class Period(models.Model):
    """A reporting period of the province: its days and, where reports are asked, its deadline."""

    province = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PeriodKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    due_on = models.DateField(_("reports due on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind", "starts_on"], name="period_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return _("month %(m)s/%(y)s") % {"m": self.starts_on.month, "y": self.starts_on.year}
        if self.kind == PeriodKind.QUARTER:
            return _("quarter %(q)s/%(y)s") % {
                "q": (self.starts_on.month - 1) // 3 + 1,
                "y": self.starts_on.year,
            }
        if self.kind == PeriodKind.HALF:
            return _("half-year %(h)s/%(y)s") % {
                "h": 1 if self.starts_on.month <= 6 else 2,
                "y": self.starts_on.year,
            }
        return _("year %(y)s") % {"y": self.starts_on.year}


class Target(models.Model):
    indicator = models.ForeignKey(ClauseIndicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    value = models.PositiveIntegerField(_("target"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "place"], name="target_one_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.period_id} · {self.place_id}: {self.value}"


class HandFigure(models.Model):
    """A figure tocds does not hold, entered by the responsible agency (or the commune)."""

    indicator = models.ForeignKey(
        ClauseIndicator, on_delete=models.CASCADE, related_name="hand_figures"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    value = models.PositiveIntegerField(_("figure"))
    note = models.CharField(_("source or note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure entered by hand")
        verbose_name_plural = _("figures entered by hand")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "place"], name="hand_figure_one_per_place"
            ),
            max_length_check("note", 300),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.period_id} · {self.place_id}: {self.value}"


class Evidence(models.Model):
    """A photo or a document (JPEG, PNG or PDF) behind a figure entered by hand."""

    figure = models.ForeignKey(HandFigure, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="tracker/%Y/%m/", max_length=255)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]
        constraints = [max_length_check("title", 200)]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    LATE = "late", _("Lagging")
    DONE = "done", _("Completed")


class ClauseStatus(models.Model):
    """The status the responsible agency set for a clause, period and place, with its note:
    used where the figures cannot decide (no target set)."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="statuses")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clause status")
        verbose_name_plural = _("clause statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "period", "place"], name="clause_status_one_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clause_id} · {self.period_id} · {self.place_id}: {self.status}"


# Periodic reporting (issue 17 §2) ------------------------------------------------------------
# A commune's report for a period: prefilled from the tracker's indicators of the clauses that
# fall to the communes, with the four narrative sections of a results report; its status moves
# along the campaign reports' workflow (`tocds.reports.services.TRANSITIONS`, the same
# statuses), and every move is a `PeriodReportEvent`.


class PeriodReportQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "PeriodReportQuerySet":
        """Reports of communes where the user holds `perm`; by default, where they write or
        review reports."""
        from tocds.people.scoping import Perm, scope_for

        perms = [perm] if perm else [Perm.WRITE_REPORTS, Perm.REVIEW_REPORTS]
        q = Q(pk__in=[])
        for each in perms:
            q |= scope_for(user, each).place_q("place__path")
        return self.filter(q)


class PeriodReport(models.Model):
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period")
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    number = models.CharField(_("document number"), max_length=40, blank=True)
    direction = models.TextField(_("I. Direction and deployment"), blank=True)
    results = models.TextField(_("II. Results"), blank=True)
    shortcomings = models.TextField(_("III. Shortcomings, limitations and causes"), blank=True)
    proposals = models.TextField(_("IV. Proposals and recommendations"), blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = PeriodReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        ordering = ["period", "place__search_name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "place"], name="period_report_one_per_place"),
            max_length_check("number", 40),
            max_length_check("signer_title", 100),
            max_length_check("signer_name", 100),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.place}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def on_time(self) -> bool | None:
        """Whether it was first submitted by the period's deadline (None: no deadline or not
        submitted)."""
        if self.first_submitted_at is None or self.period.due_on is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.period.due_on


class PeriodReportRow(models.Model):
    """An indicator in a period's report. A computed figure is written when the report is
    submitted (frozen); a figure entered by hand is typed by the commune."""

    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="rows")
    indicator = models.ForeignKey(ClauseIndicator, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveIntegerField(_("result"), null=True, blank=True)
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__clause__position", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="period_report_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class PeriodReportEvent(models.Model):
    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16)
    from_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"
