from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.reports.formulas import REGISTRY
from tocds.reports.models import RowStatus, Unit
from tocds.reports.rows import RowView
from tocds.reports.services import RowInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndicatorForm(forms.Form):
    code = forms.SlugField(label=capfirst(_("code")), max_length=64)
    name = forms.CharField(
        label=capfirst(_("name")), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.ChoiceField(label=capfirst(_("unit")), choices=Unit.choices)
    default_target = forms.IntegerField(label=capfirst(_("default target")), min_value=0, initial=0)
    position = forms.IntegerField(
        label=capfirst(_("position in the report")), min_value=0, max_value=32767, initial=100
    )
    formula = forms.CharField(
        label=capfirst(_("formula")),
        max_length=300,
        required=False,
        help_text=_("Leave empty when the commune enters the figure by hand."),
    )
    is_active = forms.BooleanField(label=capfirst(_("in use")), required=False, initial=True)


def vocabulary() -> list[tuple[str, str, bool]]:
    return [(name, str(term.description), term.needs_service) for name, term in REGISTRY.items()]


class DueDateForm(forms.Form):
    due_on = forms.DateField(label=_("Reports due on"), widget=DATE)


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=16)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


STATUS_CHOICES = [("", _("Proposed from the figures")), *RowStatus.choices]


class ReportTextForm(forms.Form):
    """What a report says besides its figures: number, the four sections, the signer. Shared by
    the commune's report and the province's."""

    number = forms.CharField(
        label=_("Document number"),
        max_length=40,
        required=False,
        help_text=_("As in the commune's register, e.g. 12/BC-UBND."),
    )
    direction = forms.CharField(
        label=_("I. Direction and deployment"),
        required=False,
        widget=forms.Textarea({"rows": 5}),
    )
    results = forms.CharField(
        label=_("II. Results"),
        required=False,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("The figures table is added below this text."),
    )
    shortcomings = forms.CharField(
        label=_("III. Shortcomings, limitations and causes"),
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    proposals = forms.CharField(
        label=_("IV. Proposals and recommendations"),
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=100, required=False)


class ReportForm(ReportTextForm):
    """The narrative and, per indicator, target, hand-entered value and assessment."""

    NARRATIVE = ("number", "direction", "results", "shortcomings", "proposals")
    SIGNER = ("signer_title", "signer_name")

    def __init__(self, *args, rows: list[RowView], **kwargs):
        super().__init__(*args, **kwargs)
        self.row_views = rows
        for view in rows:
            pk = view.row.pk
            self.fields[f"target_{pk}"] = forms.IntegerField(
                label=_("Target"),
                min_value=0,
                max_value=2**31 - 1,
                initial=view.target,
                disabled=view.from_plan,
                help_text=_("From the commune plan") if view.from_plan else "",
            )
            if view.indicator.is_manual:
                self.fields[f"value_{pk}"] = forms.IntegerField(
                    label=_("Result"),
                    min_value=0,
                    max_value=2**31 - 1,
                    required=False,
                    initial=view.value,
                )
            self.fields[f"status_{pk}"] = forms.ChoiceField(
                label=_("Assessment"),
                choices=STATUS_CHOICES,
                required=False,
                initial=view.chosen_status,
            )

    def table(self) -> list[tuple[RowView, object, object, object]]:
        """(row, target field, value field or None, status field) for the template."""
        return [
            (
                v,
                self[f"target_{v.row.pk}"],
                self[f"value_{v.row.pk}"] if v.indicator.is_manual else None,
                self[f"status_{v.row.pk}"],
            )
            for v in self.row_views
        ]

    def row_inputs(self) -> dict[int, RowInput]:
        data = self.cleaned_data
        return {
            v.row.pk: RowInput(
                target=data[f"target_{v.row.pk}"],
                value=data.get(f"value_{v.row.pk}"),
                status=data[f"status_{v.row.pk}"],
            )
            for v in self.row_views
        }


class ProvinceReportForm(ReportTextForm):
    """The province report's own text: number, addressee, narrative and signer."""

    addressee = forms.CharField(label=_("Addressed to"), max_length=200, required=False)
    signer_authority = forms.CharField(
        label=_("Signing authority"),
        max_length=100,
        required=False,
        help_text=_("E.g. KT. GIÁM ĐỐC when a deputy signs; empty when the director signs."),
    )
    field_order = ["number", "addressee", "direction", "results", "shortcomings", "proposals"]
    field_order += ["signer_authority", "signer_title", "signer_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = _("E.g. 125 (written 125/BC-SKHCN), or the full number.")
        self.fields["results"].help_text = _(
            "The consolidated figures table is added below this text."
        )
