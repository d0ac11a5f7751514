from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import limit_of
from tocds.honours.models import HonourForm, Nomination, NomineeKind, Round
from tocds.initiatives.models import Initiative
from tocds.people.models import Organisation, OrganisationKind, Person
from tocds.places import tree
from tocds.places.models import Level
from tocds.teams.models import AffiliationKind, Membership, Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Theme"), max_length=limit_of(Round, "name"))
    year = forms.IntegerField(label=capfirst(_("year")), min_value=2020, max_value=2099)
    period_from = forms.DateField(label=_("Achievements from"), widget=DATE)
    period_to = forms.DateField(label=_("Achievements to"), widget=DATE)
    submit_by = forms.DateField(label=_("Units submit by"), widget=DATE)
    select_by = forms.DateField(label=_("The Department selects by"), widget=DATE)
    description = forms.CharField(
        label=capfirst(_("description")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        """One quota field per form of honour: `quota_<id>`."""
        super().__init__(*args, **kwargs)
        self.honour_forms = list(HonourForm.objects.all())
        for form in self.honour_forms:
            self.fields[f"quota_{form.pk}"] = forms.IntegerField(
                label=_("Quota: %(form)s") % {"form": form.name},
                min_value=0,
                max_value=10000,
                required=False,
            )

    def quotas(self) -> dict[int, int]:
        return {
            form.pk: self.cleaned_data.get(f"quota_{form.pk}") or 0 for form in self.honour_forms
        }


class NominationForm(forms.Form):
    unit = forms.ChoiceField(label=_("Proposing unit"))
    form = forms.ModelChoiceField(label=_("Form of honour"), queryset=HonourForm.objects.none())
    kind = forms.ChoiceField(
        label=_("Nominee"), choices=NomineeKind.choices, widget=forms.RadioSelect
    )
    team = forms.ModelChoiceField(
        label=_("Team (a collective)"), queryset=Team.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation or school (a collective)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    person = forms.ModelChoiceField(
        label=_("Team member (an individual)"), queryset=Person.objects.none(), required=False
    )
    nominee_name = forms.CharField(
        label=_("Or an official's full name"),
        max_length=limit_of(Nomination, "nominee_name"),
        required=False,
    )
    position = forms.CharField(
        label=_("Official's position"), max_length=limit_of(Nomination, "position"), required=False
    )
    workplace = forms.CharField(
        label=_("Official's workplace"),
        max_length=limit_of(Nomination, "workplace"),
        required=False,
    )
    achievements = forms.CharField(
        label=_("Achievements (summary)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Models and initiatives it led"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, round: Round, units: list, **kwargs):
        """`units`: the proposing units the user acts for (`queries.units_for`)."""
        super().__init__(*args, **kwargs)
        self.units = {unit.key: unit for unit in units}
        self.fields["unit"].choices = [(unit.key, unit.name) for unit in units]
        self.fields["form"].queryset = HonourForm.objects.filter(
            pk__in=round.quotas.values("form_id")
        )
        places = [unit.place for unit in units]
        near = tree.within(places, "place__path")
        self.fields["team"].queryset = (
            Team.objects.filter(near, status="active").select_related("place").order_by("name")
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(
            near,
            kind__in=[
                OrganisationKind.SCHOOL,
                OrganisationKind.COMMUNE_COMMITTEE,
                OrganisationKind.YOUTH_UNION,
                OrganisationKind.ENTERPRISE,
                OrganisationKind.MEDIA,
                OrganisationKind.OTHER,
            ],
        ).order_by("name")
        # A commune proposes any of its members; a provincial unit (the Youth Union) its
        # members affiliated with the Youth Union, not the province's thousands of members.
        communes = [p for p in places if p.level == Level.COMMUNE]
        provinces = [p for p in places if p.level == Level.PROVINCE]
        members = Q(pk__in=[])
        if communes:
            members |= tree.within(communes, "team__place__path")
        if provinces:
            members |= tree.within(provinces, "team__place__path") & Q(
                affiliations__kind=AffiliationKind.YOUTH_UNION
            )
        memberships = Membership.objects.filter(
            members, left_on__isnull=True, team__status="active"
        )
        self.fields["person"].queryset = Person.objects.filter(
            pk__in=memberships.values("person_id")
        ).order_by("full_name")
        self.fields["initiatives"].queryset = Initiative.objects.filter(
            tree.within(places, "commune__path")
        ).order_by("name")

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class MoveForm(forms.Form):
    action = forms.CharField(max_length=16)
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)


class DecisionForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=limit_of(Nomination, "decision_number")
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
