from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import limit_of
from tocds.initiatives.models import SKILLS, Evidence, Initiative, InitiativeFigure, Kind
from tocds.people.models import Organisation
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.teams.models import Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InitiativeForm(forms.Form):
    name = forms.CharField(label=capfirst(_("name")), max_length=limit_of(Initiative, "name"))
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=Kind.choices)
    place = forms.ModelChoiceField(
        label=_("Place (hamlet, residential group or commune)"), queryset=Place.objects.none()
    )
    extra_hamlets = forms.ModelMultipleChoiceField(
        label=_("Other hamlets of the cluster"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills it serves"), choices=SKILLS, widget=forms.CheckboxSelectMultiple
    )
    team = forms.ModelChoiceField(
        label=_("Team in charge"), queryset=Team.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation in charge"), queryset=Organisation.objects.none(), required=False
    )
    people = forms.CharField(
        label=_("People in charge"), max_length=limit_of(Initiative, "people"), required=False
    )
    description = forms.CharField(
        label=capfirst(_("description")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = forms.DateField(label=capfirst(_("started on")), widget=DATE)

    def __init__(self, *args, places, **kwargs):
        """`places`: the places where the user manages initiatives."""
        super().__init__(*args, **kwargs)
        places = places.order_by("path")
        self.fields["place"].queryset = places.filter(level__in=[Level.COMMUNE, Level.HAMLET])
        self.fields["extra_hamlets"].queryset = places.filter(level=Level.HAMLET)
        paths = list(places.filter(level=Level.COMMUNE).values_list("path", flat=True))
        near = tree.within(paths, "place__path")
        self.fields["team"].queryset = Team.objects.filter(near).order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(place__level=Level.PROVINCE) | near
        ).order_by("name")


class FigureForm(forms.Form):
    label = forms.CharField(
        label=_("What is counted"), max_length=limit_of(InitiativeFigure, "label")
    )
    value = forms.DecimalField(label=capfirst(_("value")), max_digits=14, decimal_places=2)
    unit = forms.CharField(
        label=capfirst(_("unit")), max_length=limit_of(InitiativeFigure, "unit"), required=False
    )


class EvidenceForm(forms.Form):
    title = forms.CharField(label=capfirst(_("title")), max_length=limit_of(Evidence, "title"))
    file = forms.FileField(
        label=_("Photo (JPEG, PNG) or PDF document"),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
