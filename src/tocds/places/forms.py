from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import limit_of
from tocds.places.models import HAMLET_KINDS, Level, Place


class HamletForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limit_of(Place, "name"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in HAMLET_KINDS])


class NewHamletForm(HamletForm):
    valid_from = forms.DateField(
        label=_("Valid from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class CloseHamletForm(forms.Form):
    closed_on = forms.DateField(
        label=_("Last day of validity"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    successor = forms.ModelChoiceField(
        label=_("Merged into (successor hamlet)"), queryset=Place.objects.none(), required=False
    )
    legal_basis = forms.CharField(
        label=_("Decision (number, date)"), max_length=200, required=False
    )

    def __init__(self, *args, hamlet: Place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            Place.objects.current()
            .filter(parent_id=hamlet.parent_id, level=Level.HAMLET)
            .exclude(pk=hamlet.pk)
            .order_by("search_name")
        )
