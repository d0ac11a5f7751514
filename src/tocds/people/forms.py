from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import limit_of
from tocds.people import throttle
from tocds.people.auth import axes_username
from tocds.people.models import Organisation, OrganisationKind, Person, Role, User
from tocds.people.phones import normalise_phone
from tocds.people.scoping import Perm, scope_for
from tocds.places.models import Level, Place


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or phone number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self):
        wait = throttle.wait_seconds(
            axes_username(self.request, {"username": self.cleaned_data.get("username", "")})
        )
        if wait:
            raise forms.ValidationError(slowed_message(wait), code="slowed")
        return super().clean()


def slowed_message(wait: int) -> str:
    return _(
        "Many wrong passwords were typed for this account. Wait %(seconds)d seconds, "
        "then try again."
    ) % {"seconds": wait}


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[A-Za-z0-9._-]{3,150}$",
        error_messages={"invalid": _("Use 3–150 letters without diacritics, digits, . _ or -.")},
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=limit_of(User, "full_name"), required=False
    )
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_phone(self) -> str | None:
        raw = self.cleaned_data.get("phone", "")
        return normalise_phone(raw) if raw.strip() else None


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(actor, Perm.MANAGE_USERS)
        self.fields["place"].queryset = (
            Place.objects.current()
            .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
            .filter(scope.place_q())
            .order_by("level", "search_name")
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(
            scope.place_q("place__path")
        )


class LinkPersonForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Team member"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, actor, user, **kwargs):
        super().__init__(*args, **kwargs)
        Membership = Person._meta.apps.get_model("teams", "Membership")
        members = Membership.objects.visible_to(actor, Perm.MANAGE_USERS).active()
        self.fields["person"].queryset = Person.objects.filter(
            Q(pk__in=members.values("person_id"), user__isnull=True) | Q(user=user)
        )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=limit_of(Organisation, "name"))
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    public_phone = forms.CharField(
        label=_("Public phone of the office"),
        help_text=_("Shown to citizens on the public pages (an office's line, not a person's)."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_public_phone(self) -> str:
        raw = self.cleaned_data.get("public_phone", "")
        return normalise_phone(raw) if raw.strip() else ""

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(actor, Perm.MANAGE_ORGANISATIONS)
        self.fields["place"].queryset = (
            Place.objects.current()
            .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
            .filter(scope.place_q())
            .order_by("level", "search_name")
        )
