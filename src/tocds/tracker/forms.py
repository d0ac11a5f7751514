from django import forms
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import limit_of
from tocds.tracker.models import Evidence, HandFigure, PeriodKind, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note: what was done, what remains"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FigureForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.IntegerField(label=_("Figure"), min_value=0, max_value=10_000_000)
    note = forms.CharField(
        label=_("Source or note"), required=False, max_length=limit_of(HandFigure, "note")
    )
    evidence_title = forms.CharField(
        label=_("Title of the evidence"), required=False, max_length=limit_of(Evidence, "title")
    )
    file = forms.FileField(label=_("Evidence (photo or PDF)"), required=False)


class TargetForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.IntegerField(label=_("Target"), min_value=0, max_value=10_000_000, required=False)


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices)
    within = forms.DateField(label=_("A day of the period"), widget=DATE)
    due_on = forms.DateField(label=_("Reports due on"), widget=DATE, required=False)


class PeriodReportForm(forms.Form):
    """The narrative, number and signer of a period's report (figures are read from the
    request by row)."""

    number = forms.CharField(label=_("Document number"), required=False, max_length=40)
    direction = forms.CharField(
        label=_("I. Direction and deployment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    results = forms.CharField(
        label=_("II. Results"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    shortcomings = forms.CharField(
        label=_("III. Shortcomings, limitations and causes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposals = forms.CharField(
        label=_("IV. Proposals and recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signer_title = forms.CharField(label=_("Signer's title"), required=False, max_length=100)
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=100)

    def __init__(self, *args, instance_values=None, **kwargs):
        if instance_values is not None and not args:
            kwargs.setdefault(
                "initial",
                {name: getattr(instance_values, name) for name in self.base_fields},
            )
        super().__init__(*args, **kwargs)
