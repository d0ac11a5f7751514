"""Campaign results reports (D4.4): indicators as data, commune reports and their workflow.

An `Indicator` is a row of every report: a Vietnamese name, a unit, a default target and either
a formula over the campaign's figures (see `tocds.reports.formulas`) or "entered by hand".
A `Report` is one commune's results report for one campaign, with one `ReportRow` per
indicator and the four narrative sections; its status changes only through
`tocds.reports.services.transition`, and every change is a `ReportEvent`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Unit(models.TextChoices):
    PEOPLE = "nguoi", _("people")
    HOUSEHOLDS = "ho", _("households")
    TIMES = "luot", _("person-times")
    ACCOUNTS = "tai_khoan", _("accounts")
    DOSSIERS = "ho_so", _("dossiers")
    TEAMS = "to", _("teams")
    PERCENT = "percent", _("%")


# The unit as it is written in a Vietnamese report (the Excel and Word exports).
UNIT_LABELS_VI = {
    Unit.PEOPLE: "người",
    Unit.HOUSEHOLDS: "hộ",
    Unit.TIMES: "lượt",
    Unit.ACCOUNTS: "tài khoản",
    Unit.DOSSIERS: "hồ sơ",
    Unit.TEAMS: "tổ",
    Unit.PERCENT: "%",
}


TEAM_PLACEHOLDER = "{team}"


class Indicator(models.Model):
    """One figure every results report carries. Data, not code: the province edits the wording
    when the official annex arrives, adds and retires indicators; reports keep their rows."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    default_target = models.PositiveIntegerField(_("default target"), default=0)
    position = models.PositiveSmallIntegerField(_("position in the report"), default=100)
    # Empty: the commune enters the figure by hand. Otherwise terms of the formula vocabulary.
    formula = models.CharField(_("formula"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name as pages and documents write it: "{team}" becomes the configured team name
        (`TOCDS_TEAM_NAME`), so one province's "Tổ chuyển đổi số cộng đồng" and another's "Tổ
        công nghệ số cộng đồng" read the same indicator."""
        return self.name.replace(TEAM_PLACEHOLDER, settings.TEAM_DISPLAY_NAME)

    @property
    def is_manual(self) -> bool:
        return not self.formula.strip()


class ReportDeadline(models.Model):
    """The date by which communes must submit their results report for a campaign."""

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="report_deadline",
        verbose_name=_("campaign"),
    )
    due_on = models.DateField(_("reports due on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report due date")
        verbose_name_plural = _("report due dates")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.due_on}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted (locked)")


EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class RowStatus(models.TextChoices):
    DONE = "done", _("Achieved")
    NOT_DONE = "not_done", _("Not achieved")
    NOT_DONE_AT_ALL = "not_carried_out", _("Not carried out")
    NO_INFORMATION = "no_information", _("No information to assess")
    NO_TARGET = "no_target", _("No target set")


# As written in a Vietnamese report (exports), whatever the interface language.
ROW_STATUS_VI = {
    RowStatus.DONE: "Hoàn thành",
    RowStatus.NOT_DONE: "Chưa hoàn thành",
    RowStatus.NOT_DONE_AT_ALL: "Không thực hiện",
    RowStatus.NO_INFORMATION: "Chưa có thông tin đánh giá",
    RowStatus.NO_TARGET: "Chưa giao chỉ tiêu",
}

# A commune's report status as pages and Excel files name it ("" = no report yet).
REPORT_STATUS_LABELS = {
    "": pgettext_lazy("report status", "not started"),
    ReportStatus.DRAFT: pgettext_lazy("report status", "draft"),
    ReportStatus.SUBMITTED: pgettext_lazy("report status", "submitted"),
    ReportStatus.RETURNED: pgettext_lazy("report status", "returned"),
    ReportStatus.ACCEPTED: pgettext_lazy("report status", "accepted"),
}

# A commune's report status as the province's documents write it ("" = no report yet).
REPORT_STATUS_VI = {
    "": "Chưa lập",
    ReportStatus.DRAFT: "Dự thảo",
    ReportStatus.SUBMITTED: "Đã gửi",
    ReportStatus.RETURNED: "Bị trả lại",
    ReportStatus.ACCEPTED: "Đã tiếp nhận",
}


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None) -> "ReportQuerySet":
        """Reports of communes where the user holds `perm`; by default, where they write or
        review reports."""
        from tocds.people.scoping import Perm, scope_for

        perms = [perm] if perm else [Perm.WRITE_REPORTS, Perm.REVIEW_REPORTS]
        q = Q(pk__in=[])
        for each in perms:
            q |= scope_for(user, each).place_q("commune__path")
        return self.filter(q)


class Report(models.Model):
    """A commune's results report for a campaign."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("campaign"),
    )
    commune = models.ForeignKey(
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
    # The date the document bears: the day it was (last) submitted; empty while a draft.
    document_date = models.DateField(_("document date"), null=True, blank=True)
    # The Word and Excel files as submitted (Vietnamese), served as they are until the report
    # is returned or unlocked: a signed document stays what was signed.
    docx_file = models.BinaryField(null=True, blank=True, editable=False)
    xlsx_file = models.BinaryField(null=True, blank=True, editable=False)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["docx_file", "xlsx_file"])

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("results report")
        verbose_name_plural = _("results reports")
        ordering = ["campaign", "commune__search_name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "commune"], name="report_one_per_commune")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.commune}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED


class ReportRow(models.Model):
    """One indicator in one report. For a formula indicator `value` is written only when the
    report is submitted (frozen); while it is a draft the figure is computed live."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="rows", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    target = models.PositiveIntegerField(_("target"), default=0)
    value = models.PositiveIntegerField(_("result"), null=True, blank=True)
    # Empty: the status proposed from target and value; otherwise the commune's choice.
    status = models.CharField(_("assessment"), max_length=16, choices=RowStatus.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report figure")
        verbose_name_plural = _("report figures")
        ordering = ["indicator__position", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}/{self.target}"


class ReportEvent(models.Model):
    """A workflow step of a report: who moved it from which status to which, and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16)
    from_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


class ProvinceReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final (locked)")


class ProvinceReport(models.Model):
    """The province's consolidated results report of a campaign to the Provincial People's
    Committee: its own number, addressee, signer and narrative, drafted on a page and locked
    when final (the figures and files are kept as they were when it was finalised)."""

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="province_report",
        verbose_name=_("campaign"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProvinceReportStatus.choices,
        default=ProvinceReportStatus.DRAFT,
    )
    number = models.CharField(_("document number"), max_length=40, blank=True)
    addressee = models.CharField(_("addressed to"), max_length=200, blank=True)
    direction = models.TextField(_("I. Direction and deployment"), blank=True)
    results = models.TextField(_("II. Results"), blank=True)
    shortcomings = models.TextField(_("III. Shortcomings, limitations and causes"), blank=True)
    proposals = models.TextField(_("IV. Proposals and recommendations"), blank=True)
    signer_authority = models.CharField(
        _("signing authority (e.g. KT. GIÁM ĐỐC)"), max_length=100, blank=True
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    docx_file = models.BinaryField(null=True, blank=True, editable=False)
    xlsx_file = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["docx_file", "xlsx_file"])

    class Meta:
        verbose_name = _("province results report")
        verbose_name_plural = _("province results reports")

    def __str__(self) -> str:
        return f"{self.campaign}"

    @property
    def is_editable(self) -> bool:
        return self.status == ProvinceReportStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        return self.status == ProvinceReportStatus.FINAL


class ProvinceReportEvent(models.Model):
    """A workflow step of the province report (finalised, reopened), who and why."""

    report = models.ForeignKey(ProvinceReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16)
    from_status = models.CharField(max_length=16, choices=ProvinceReportStatus.choices)
    to_status = models.CharField(max_length=16, choices=ProvinceReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("province report step")
        verbose_name_plural = _("province report steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} → {self.to_status}"
