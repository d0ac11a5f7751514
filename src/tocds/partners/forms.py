from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.campaigns.models import Campaign
from tocds.core.forms import limit_of
from tocds.partners.models import ConditionKind, Offer
from tocds.partners.services import ConditionSpec
from tocds.people.models import Organisation
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.training.models import Course

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Organisation.objects.none())
    service = forms.CharField(label=_("Service"), max_length=limit_of(Offer, "service"))
    description = forms.CharField(
        label=capfirst(_("description")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    price = forms.CharField(
        label=_("Price or discount"),
        max_length=limit_of(Offer, "price"),
        help_text=_("As the member reads it, e.g. “50% off the monthly fee”."),
    )
    price_value = forms.DecimalField(
        label=_("Price or discount as a number (optional)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("An amount in đồng or a percentage, for the figures."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE)
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes (none: the whole province)"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    quota = forms.IntegerField(
        label=_("Quota of codes (empty: no limit)"), required=False, min_value=1, max_value=10**7
    )
    # The conditions, each optional; a member must meet every one given.
    member_days = forms.IntegerField(
        label=_("In the team for at least (days)"), required=False, min_value=1, max_value=3650
    )
    leaders_only = forms.BooleanField(label=_("Team leaders and deputies only"), required=False)
    course = forms.ModelChoiceField(
        label=_("Completed the course"), queryset=Course.objects.none(), required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Household visits recorded in the campaign"),
        queryset=Campaign.objects.none(),
        required=False,
    )
    visits_at_least = forms.IntegerField(
        label=_("At least this many visits in that campaign"),
        required=False,
        min_value=1,
        max_value=100000,
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Organisation.objects.filter(
            pk__in=[e.pk for e in enterprises]
        )
        if len(enterprises) == 1:
            self.fields["enterprise"].initial = enterprises[0].pk
            self.fields["enterprise"].widget = forms.HiddenInput()
        provinces = sorted({tree.top(e.place.path) for e in enterprises})
        self.fields["communes"].queryset = (
            Place.objects.current()
            .filter(level=Level.COMMUNE)
            .filter(tree.within(provinces))
            .order_by("search_name")
        )
        self.fields["course"].queryset = Course.objects.filter(
            tree.within(provinces, "place__path")
        ).order_by("title")
        self.fields["campaign"].queryset = Campaign.objects.filter(
            province__path__in=provinces
        ).order_by("-starts_on")

    def clean(self):
        data = super().clean()
        if data.get("campaign") and not data.get("visits_at_least"):
            self.add_error("visits_at_least", _("Give the number of visits."))
        if data.get("visits_at_least") and not data.get("campaign"):
            self.add_error("campaign", _("Choose the campaign."))
        return data

    def conditions(self) -> list[ConditionSpec]:
        data = self.cleaned_data
        specs = []
        if data.get("member_days"):
            specs.append(ConditionSpec(ConditionKind.ACTIVE_MEMBER, at_least=data["member_days"]))
        if data.get("leaders_only"):
            specs.append(ConditionSpec(ConditionKind.LEADER))
        if data.get("course"):
            specs.append(ConditionSpec(ConditionKind.COURSE, course=data["course"]))
        if data.get("campaign"):
            specs.append(
                ConditionSpec(
                    ConditionKind.VISITS,
                    campaign=data["campaign"],
                    at_least=data.get("visits_at_least"),
                )
            )
        return specs

    @staticmethod
    def initial_for(offer: Offer) -> dict:
        initial = {
            "enterprise": offer.enterprise_id,
            "service": offer.service,
            "description": offer.description,
            "price": offer.price,
            "price_value": offer.price_value,
            "valid_from": offer.valid_from,
            "valid_to": offer.valid_to,
            "communes": list(offer.communes.all()),
            "quota": offer.quota,
        }
        for condition in offer.conditions.all():
            if condition.kind == ConditionKind.ACTIVE_MEMBER:
                initial["member_days"] = condition.at_least
            elif condition.kind == ConditionKind.LEADER:
                initial["leaders_only"] = True
            elif condition.kind == ConditionKind.COURSE:
                initial["course"] = condition.course_id
            elif condition.kind == ConditionKind.VISITS:
                initial["campaign"] = condition.campaign_id
                initial["visits_at_least"] = condition.at_least
        return initial


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
