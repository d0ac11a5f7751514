from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import limit_of
from tocds.movements.measures import MEASURE_CHOICES
from tocds.movements.models import Criterion, CriterionKind, ManualScore, Movement, Participant
from tocds.people.models import Organisation, Person
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.teams.models import Team, TeamStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MovementForm(forms.Form):
    name = forms.CharField(label=capfirst(_("name")), max_length=limit_of(Movement, "name"))
    organiser = forms.ModelChoiceField(
        label=capfirst(_("organiser")), queryset=Organisation.objects.none()
    )
    description = forms.CharField(
        label=capfirst(_("description")), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_on = forms.DateField(label=capfirst(_("starts on")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("ends on")), widget=DATE)
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes (none chosen: the whole province)"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, places, province_wide: bool, **kwargs):
        """`places`: the places where the user manages movements; `province_wide`: whether
        they may run a whole-province movement (else at least one commune is needed)."""
        super().__init__(*args, **kwargs)
        self.province_wide = province_wide
        places = places.order_by("search_name")
        self.fields["communes"].queryset = places.filter(level=Level.COMMUNE)
        self.fields["communes"].required = not province_wide
        paths = list(places.values_list("path", flat=True))
        tops = sorted({tree.top(p) for p in paths})
        self.fields["organiser"].queryset = Organisation.objects.filter(
            Q(place__path__in=tops) | tree.within(paths, "place__path")
        ).order_by("name")


class CriterionForm(forms.Form):
    name = forms.CharField(label=capfirst(_("name")), max_length=limit_of(Criterion, "name"))
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=CriterionKind.choices)
    measure = forms.ChoiceField(
        label=_("What is measured"), choices=[("", "—"), *MEASURE_CHOICES], required=False
    )
    weight = forms.DecimalField(
        label=capfirst(_("weight")), max_digits=8, decimal_places=2, min_value=0, initial=1
    )
    max_points = forms.DecimalField(
        label=_("Maximum points (scored by hand)"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    order = forms.IntegerField(label=capfirst(_("order")), min_value=0, max_value=999, initial=0)


class ParticipantForm(forms.Form):
    """One of a team, an organisation (or school) or a team member, of the movement's places."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation or school"), queryset=Organisation.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=_("Team member"), queryset=Person.objects.none(), required=False
    )
    show_name_publicly = forms.BooleanField(
        label=_("The person agreed to appear by name on the public leaderboard"), required=False
    )

    def __init__(self, *args, movement: Movement, **kwargs):
        super().__init__(*args, **kwargs)
        roots = [movement.province] if movement.whole_province else list(movement.communes.all())
        self.fields["team"].queryset = Team.objects.filter(
            tree.within(roots, "place__path"), status=TeamStatus.ACTIVE
        ).order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            tree.within(roots, "place__path") | Q(place=movement.province)
        ).order_by("name")
        self.fields["person"].queryset = (
            Person.objects.filter(
                tree.within(roots, "memberships__team__place__path"),
                memberships__left_on__isnull=True,
                memberships__team__status=TeamStatus.ACTIVE,
            )
            .distinct()
            .order_by("search_name")
        )

    def clean(self):
        data = super().clean()
        chosen = [k for k in ("team", "organisation", "person") if data.get(k) is not None]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose one team, organisation, school or person."))
        return data


class ScoreForm(forms.Form):
    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=Criterion.objects.none())
    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Participant.objects.none()
    )
    points = forms.DecimalField(label=capfirst(_("points")), max_digits=8, decimal_places=2)
    note = forms.CharField(
        label=capfirst(_("note")), max_length=limit_of(ManualScore, "note"), required=False
    )
    evidence = forms.FileField(
        label=_("Evidence: photo (JPEG, PNG) or PDF document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    def __init__(self, *args, movement: Movement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = movement.criteria.filter(kind=CriterionKind.MANUAL)
        self.fields["participant"].queryset = movement.participants.select_related(
            "team", "organisation", "person"
        )
