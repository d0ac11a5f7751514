from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.campaigns.models import Campaign
from tocds.core.forms import limit_of
from tocds.core.skills import Skill
from tocds.people.models import Organisation, Person
from tocds.people.phones import normalise_phone
from tocds.places import tree
from tocds.places.models import Place
from tocds.teams.models import Membership, Team
from tocds.training.models import (
    Audience,
    Course,
    Session,
    SessionAudience,
    Topic,
    TrainingPlan,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Place) -> str:
        return obj.name


def _phone(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    return normalise_phone(value)


class PlanForm(forms.Form):
    place = PlaceChoiceField(label=_("Province or commune"), queryset=Place.objects.none())
    name = forms.CharField(label=capfirst(_("name")), max_length=limit_of(TrainingPlan, "name"))
    starts_on = forms.DateField(label=capfirst(_("from")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("to")), widget=DATE)
    officials_target = forms.IntegerField(
        label=_("Officials to train"), min_value=0, initial=0, max_value=10_000_000
    )
    civil_servants_target = forms.IntegerField(
        label=_("Civil servants to train"), min_value=0, initial=0, max_value=10_000_000
    )
    team_members_target = forms.IntegerField(
        label=_("Team members to train"), min_value=0, initial=0, max_value=10_000_000
    )
    citizens_target = forms.IntegerField(
        label=_("Citizens to train"), min_value=0, initial=0, max_value=10_000_000
    )
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, places: list[Place], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(pk__in=[p.pk for p in places])
        if len(places) == 1:
            self.fields["place"].initial = places[0].pk

    def targets(self) -> dict[str, int]:
        return {
            Audience.OFFICIALS: self.cleaned_data["officials_target"],
            Audience.CIVIL_SERVANTS: self.cleaned_data["civil_servants_target"],
            Audience.TEAM_MEMBERS: self.cleaned_data["team_members_target"],
            Audience.CITIZENS: self.cleaned_data["citizens_target"],
        }


class CourseForm(forms.Form):
    place = PlaceChoiceField(label=_("Organised by (level)"), queryset=Place.objects.none())
    title = forms.CharField(label=capfirst(_("title")), max_length=limit_of(Course, "title"))
    description = forms.CharField(
        label=capfirst(_("description")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    organiser = forms.ModelChoiceField(
        label=capfirst(_("organiser")), queryset=Organisation.objects.none(), required=False
    )
    plan = forms.ModelChoiceField(
        label=capfirst(_("training plan")), queryset=TrainingPlan.objects.none(), required=False
    )
    campaign = forms.ModelChoiceField(
        label=capfirst(_("campaign")), queryset=Campaign.objects.none(), required=False
    )
    dx_day = forms.BooleanField(
        label=capfirst(_("for Digital Transformation Day (10/10)")), required=False
    )
    min_sessions = forms.IntegerField(
        label=capfirst(_("sessions to attend")),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Leave empty: every session of the course."),
    )
    quiz_skill = forms.ChoiceField(
        label=capfirst(_("requires passing the quiz of")),
        choices=[("", _("no quiz"))] + [c for c in Skill.choices if c[0] != Skill.OTHER],
        required=False,
    )

    def __init__(self, *args, user, places: list[Place], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(pk__in=[p.pk for p in places])
        if len(places) == 1:
            self.fields["place"].initial = places[0].pk
        paths = sorted({ancestor for p in places for ancestor in tree.ancestors(p)})
        area = Q(place__path__in=paths) | tree.within(places, "place__path")
        self.fields["organiser"].queryset = Organisation.objects.filter(area).order_by("name")
        self.fields["plan"].queryset = TrainingPlan.objects.visible_to(user).select_related("place")
        self.fields["campaign"].queryset = Campaign.objects.visible_to(user)


class SessionForm(forms.Form):
    title = forms.CharField(
        label=capfirst(_("title")),
        max_length=limit_of(Session, "title"),
        required=False,
        help_text=_("E.g. “Session 1: VNeID”. Leave empty to use the course's title."),
    )
    starts_at = forms.DateTimeField(
        label=capfirst(_("starts at")), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=capfirst(_("ends at")), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    venue = forms.CharField(label=capfirst(_("place")), max_length=300, required=False)
    online_url = forms.URLField(
        label=capfirst(_("online link")), required=False, assume_scheme="https"
    )
    trainer_name = forms.CharField(label=capfirst(_("trainer")), max_length=200, required=False)
    trainer = forms.ModelChoiceField(
        label=capfirst(_("trainer (account)")),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("May show the check-in code and enter the sign-in sheet."),
    )
    capacity = forms.IntegerField(
        label=capfirst(_("places")), min_value=1, max_value=100_000, initial=30
    )
    audience = forms.ChoiceField(label=capfirst(_("audience")), choices=SessionAudience.choices)
    cancelled = forms.BooleanField(label=_("Cancel this session"), required=False)

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        path = course.place.path
        officers = Q(
            grants__revoked_at__isnull=True,
            grants__place__path__in=tree.ancestors(path),
        ) | Q(grants__revoked_at__isnull=True) & tree.within(path, "grants__place__path")
        members = Q(person__memberships__left_on__isnull=True) & tree.within(
            path, "person__memberships__team__place__path"
        )
        self.fields["trainer"].queryset = (
            User.objects.filter(is_active=True).filter(officers | members).distinct()
        )

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The session ends before it starts."))
        return data


class PersonForm(forms.Form):
    """Someone to enrol by name and phone number (a team member can be picked instead)."""

    membership = forms.ModelChoiceField(
        label=_("A team member"), queryset=Membership.objects.none(), required=False
    )
    full_name = forms.CharField(
        label=_("Or: full name"), max_length=limit_of(Person, "full_name"), required=False
    )
    phone = forms.CharField(label=_("Phone number"), max_length=32, required=False)
    audience = forms.ChoiceField(
        label=_("Counted as"), choices=Audience.choices, initial=Audience.CITIZENS
    )

    def __init__(self, *args, user, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.active()
            .visible_to(user)
            .filter(tree.within(session.course.place, "team__place__path"))
            .select_related("person", "team")
            .order_by("team__name", "person__search_name")
        )
        self.fields["membership"].label_from_instance = lambda m: f"{m.person} · {m.team}"

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if not data.get("membership") and not (data.get("full_name") or "").strip():
            raise ValidationError(_("Pick a team member or enter a full name."))
        return data


class TeamEnrolForm(forms.Form):
    team = forms.ModelChoiceField(label=capfirst(_("team")), queryset=Team.objects.none())

    def __init__(self, *args, user, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = (
            Team.objects.visible_to(user)
            .active()
            .filter(tree.within(session.course.place, "place__path"))
            .order_by("name")
        )


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=limit_of(Person, "full_name"))
    phone = forms.CharField(label=_("Phone number"), max_length=32, required=False)
    audience = forms.ChoiceField(
        label=_("Counted as"), choices=Audience.choices, initial=Audience.CITIZENS
    )

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])


class PhoneCheckInForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=500)
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FiguresForm(forms.Form):
    area = PlaceChoiceField(label=_("Area"), queryset=Place.objects.none(), required=False)
    starts_on = forms.DateField(label=capfirst(_("from")), widget=DATE, required=False)
    ends_on = forms.DateField(label=capfirst(_("to")), widget=DATE, required=False)

    def __init__(self, *args, areas: list[Place], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        self.fields["area"].queryset = Place.objects.filter(pk__in=[p.pk for p in areas])
        self.fields["area"].to_field_name = "code"

    def values(self) -> tuple[Place, date, date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        area = data.get("area") or self.areas[0]
        starts_on = data.get("starts_on") or date(today.year, 1, 1)
        ends_on = data.get("ends_on") or date(today.year, 12, 31)
        if ends_on < starts_on:
            starts_on, ends_on = ends_on, starts_on
        return area, starts_on, ends_on


class ExternalForm(forms.Form):
    place = PlaceChoiceField(label=_("Whose people"), queryset=Place.objects.none())
    full_name = forms.CharField(label=_("Full name"), max_length=limit_of(Person, "full_name"))
    phone = forms.CharField(label=_("Phone number"), max_length=32, required=False)
    audience = forms.ChoiceField(label=_("Counted as"), choices=Audience.choices)
    programme = forms.CharField(
        label=capfirst(_("programme")),
        max_length=200,
        help_text=_("E.g. “Bình dân học vụ số”, a national online course."),
    )
    organiser = forms.CharField(label=capfirst(_("organised by")), max_length=200, required=False)
    topic = forms.ChoiceField(
        label=capfirst(_("topic")), choices=[("", "—"), *Topic.choices], required=False
    )
    taken_on = forms.DateField(label=capfirst(_("date")), widget=DATE)
    completed = forms.BooleanField(label=capfirst(_("completed")), required=False)
    reference = forms.CharField(
        label=capfirst(_("certificate or reference")), max_length=200, required=False
    )

    def __init__(self, *args, places: list[Place], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(pk__in=[p.pk for p in places])
        if len(places) == 1:
            self.fields["place"].initial = places[0].pk

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])
