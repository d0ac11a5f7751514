from django import forms
from django.utils.translation import gettext_lazy as _

from tocds.campaigns.models import Campaign
from tocds.visits.models import FlagKind, FlagStatus
from tocds.visits.queries import CONFLICT_STATES
from tocds.visits.review import RESOLUTIONS


class VisitFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Flag"),
        required=False,
        choices=[("", _("Open flags of any kind")), ("all", _("All visits")), *FlagKind.choices],
    )
    q = forms.CharField(label=_("Household or hamlet"), required=False, max_length=60)
    # Set: the page lists sync conflicts (open or settled) in place of visits.
    conflicts = forms.ChoiceField(
        label=_("Sync conflicts"),
        required=False,
        choices=[("", _("—")), *CONFLICT_STATES],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(user).exclude(status="draft")


class CorrectionForm(forms.Form):
    household = forms.CharField(label=_("Household (house number or label)"), max_length=60)
    hamlet = forms.ModelChoiceField(label=_("Hamlet"), queryset=None)
    people_guided = forms.IntegerField(label=_("People guided"), min_value=0, max_value=99)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=100)

    def __init__(self, *args, hamlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=100)


class ResolveFlagForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Resolution"),
        choices=[(s.value, s.label) for s in FlagStatus if s in RESOLUTIONS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
