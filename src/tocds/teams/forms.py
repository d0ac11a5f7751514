from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import limit_of
from tocds.people.models import Gender, Organisation, OrganisationKind, Person
from tocds.people.phones import normalise_phone
from tocds.people.scoping import Perm, scope_for
from tocds.places.models import Level, Place
from tocds.teams.models import AffiliationKind, Team, TeamRole, TeamStatus
from tocds.teams.services import MemberDetails

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TeamFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Team, hamlet or member name, or a member's phone number"),
    )
    place = forms.ModelChoiceField(
        label=_("Commune"), queryset=Place.objects.none(), required=False, to_field_name="code"
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *list(TeamStatus.choices)], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user, Perm.VIEW_TEAMS)
        self.fields["place"].queryset = (
            Place.objects.current().filter(level=Level.COMMUNE).filter(scope.place_q())
        )


class TeamForm(forms.Form):
    """A team's registry details. It never touches a Team: the services do the writing."""

    place = forms.ModelChoiceField(label=_("Hamlet or commune"), queryset=Place.objects.none())
    name = forms.CharField(label=capfirst(_("name")), max_length=limit_of(Team, "name"))
    decision_number = forms.CharField(
        label=capfirst(_("founding decision number")), max_length=64, required=False
    )
    decision_date = forms.DateField(
        label=capfirst(_("founding decision date")), required=False, widget=DATE_WIDGET
    )
    status = forms.ChoiceField(label=capfirst(_("status")), choices=TeamStatus.choices)
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, team: Team | None = None, **kwargs):
        if team is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": team.name,
                    "decision_number": team.decision_number,
                    "decision_date": team.decision_date,
                    "status": team.status,
                    "note": team.note,
                },
            )
        super().__init__(*args, **kwargs)
        if team is not None:
            del self.fields["place"]
            return
        del self.fields["status"]
        scope = scope_for(user, Perm.MANAGE_TEAMS)
        self.fields["place"].queryset = (
            Place.objects.current()
            .filter(level__in=[Level.HAMLET, Level.COMMUNE])
            .filter(scope.place_q())
            .select_related("commune")
        )
        self.fields["place"].label_from_instance = lambda p: (
            p.name if p.level == Level.COMMUNE else f"{p.name} — {p.commune.name}"
        )


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=limit_of(Person, "full_name"))
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    role = forms.ChoiceField(
        label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.MEMBER
    )
    affiliations = forms.MultipleChoiceField(
        label=_("Affiliations"),
        choices=AffiliationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE),
        required=False,
    )
    affiliation_note = forms.CharField(label=_("Other affiliation"), max_length=200, required=False)
    joined_on = forms.DateField(
        label=_("Joined on"), required=False, widget=DATE_WIDGET, initial=timezone.localdate
    )
    public_contact = forms.BooleanField(
        label=_("The member agrees to show their name and phone on the public page of the team"),
        help_text=_(
            "Off unless the member has said yes. Citizens searching their hamlet then see "
            "whom to call; otherwise they see the commune's public line."
        ),
        required=False,
    )

    def clean_phone(self) -> str | None:
        raw = self.cleaned_data.get("phone", "")
        return normalise_phone(raw) if raw.strip() else None

    def details(self) -> MemberDetails:
        data = self.cleaned_data
        return MemberDetails(
            full_name=data["full_name"],
            phone=data["phone"],
            gender=data.get("gender") or "",
            birth_year=data.get("birth_year"),
            role=data["role"],
            affiliations=tuple(data.get("affiliations") or ()),
            enterprise=data.get("enterprise"),
            affiliation_note=data.get("affiliation_note", ""),
            public_contact=bool(data.get("public_contact")),
        )


class EndMembershipForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class MoveMemberForm(forms.Form):
    to_team = forms.ModelChoiceField(label=_("Move to team"), queryset=Team.objects.none())
    on_date = forms.DateField(label=_("From"), widget=DATE_WIDGET, initial=timezone.localdate)

    def __init__(self, *args, user, current: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = (
            Team.objects.visible_to(user, Perm.MANAGE_TEAMS)
            .active()
            .exclude(pk=current.pk)
            .select_related("place")
        )
