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
