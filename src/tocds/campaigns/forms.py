from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.campaigns.models import Service
from tocds.core.skills import Skill
from tocds.places.models import Level, Place
from tocds.teams.models import Team


class ServiceForm(forms.Form):
    name = forms.CharField(label=capfirst(_("name")), max_length=200)
    skill = forms.ChoiceField(label=capfirst(_("skill")), choices=Skill.choices)
    description = forms.CharField(
        label=capfirst(_("how to guide it")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    position = forms.IntegerField(label=capfirst(_("position in lists")), min_value=0, initial=100)
    is_active = forms.BooleanField(label=capfirst(_("offered")), required=False, initial=True)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    name = forms.CharField(label=capfirst(_("name")), max_length=200)
    slogan = forms.CharField(label=capfirst(_("slogan")), max_length=300, required=False)
    starts_on = forms.DateField(label=capfirst(_("starts on")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("ends on")), widget=DATE)
    whole_province = forms.BooleanField(
        label=capfirst(_("whole province")), required=False, initial=True
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Or only these communes"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    services = forms.ModelMultipleChoiceField(
        label=capfirst(_("services")),
        queryset=Service.objects.active(),
        widget=forms.CheckboxSelectMultiple,
    )
    households_target = forms.IntegerField(
        label=capfirst(_("households to reach")), min_value=0, initial=0
    )
    people_target = forms.IntegerField(label=capfirst(_("people to guide")), min_value=0, initial=0)

    def __init__(self, *args, province: Place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = (
            Place.objects.current()
            .filter(level=Level.COMMUNE, parent=province)
            .order_by("search_name")
        )


class PlanForm(forms.Form):
    households_target = forms.IntegerField(
        label=capfirst(_("households to reach")), min_value=0, initial=0
    )
    people_target = forms.IntegerField(label=capfirst(_("people to guide")), min_value=0, initial=0)
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignmentForm(forms.Form):
    team = forms.ModelChoiceField(label=capfirst(_("team")), queryset=Team.objects.none())
    hamlet = forms.ModelChoiceField(label=capfirst(_("hamlet")), queryset=Place.objects.none())
    starts_on = forms.DateField(label=capfirst(_("from")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("to")), widget=DATE)

    def __init__(self, *args, commune: Place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.active().filter(place__commune=commune)
        self.fields["hamlet"].queryset = (
            Place.objects.current()
            .filter(level=Level.HAMLET, commune=commune)
            .order_by("search_name")
        )
