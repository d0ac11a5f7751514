"""Forms of outreach: their choice lists come from the user's scope (`queries`); forms never
write."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import limit_of
from tocds.initiatives.models import Initiative
from tocds.learning.models import Language
from tocds.movements.models import Movement
from tocds.outreach import queries
from tocds.outreach.models import Booth, Event, EventKind, Item, ItemKind, ReachUnit
from tocds.people.scoping import Perm
from tocds.places import tree
from tocds.training.models import Session

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name if obj.level != "hamlet" else f"{obj.name} ({obj.parent.name})"


class PlacesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name if obj.level != "hamlet" else f"{obj.name} ({obj.parent.name})"


class SessionsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        when = date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{obj.course.title} — {obj.title or obj.course.title}, {when}"


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=ItemKind.choices)
    title = forms.CharField(label=capfirst(_("title")), max_length=limit_of(Item, "title"))
    summary = forms.CharField(
        label=capfirst(_("summary")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    published_on = forms.DateField(label=capfirst(_("date published")), widget=DATE)
    outlet = forms.ModelChoiceField(label=capfirst(_("outlet")), queryset=Item.objects.none())
    place = PlaceChoice(label=_("Belongs to (province or commune)"), queryset=Item.objects.none())
    places = PlacesChoice(
        label=_("Places it concerns"),
        queryset=Item.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    language = forms.ModelChoiceField(label=capfirst(_("language")), queryset=Language.objects)
    link = forms.CharField(
        label=_("Link (http or https)"), max_length=limit_of(Item, "link"), required=False
    )
    file = forms.FileField(
        label=_("File: photo (JPEG, PNG) or PDF document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )
    remove_file = forms.BooleanField(label=_("Remove the file kept"), required=False)
    reach = forms.IntegerField(
        label=_("Reach, where known"), min_value=0, max_value=2**31 - 1, required=False
    )
    reach_unit = forms.ChoiceField(
        label=_("What the reach counts"),
        choices=[("", "—"), *ReachUnit.choices],
        required=False,
    )
    campaign = forms.ModelChoiceField(
        label=capfirst(_("campaign")), queryset=Item.objects.none(), required=False
    )
    event = forms.ModelChoiceField(
        label=capfirst(_("event")), queryset=Event.objects.none(), required=False
    )
    initiative = forms.ModelChoiceField(
        label=capfirst(_("model")), queryset=Initiative.objects.none(), required=False
    )
    movement = forms.ModelChoiceField(
        label=capfirst(_("emulation movement")), queryset=Movement.objects.none(), required=False
    )

    def __init__(self, *args, user, has_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = queries.outlets_for(user)
        self.fields["place"].queryset = queries.log_places(user)
        self.fields["places"].queryset = queries.concerned_places(user).select_related("parent")
        self.fields["campaign"].queryset = queries.campaigns_for_logging(user)
        self.fields["event"].queryset = Event.objects.visible_to(user).order_by("-starts_on")
        self.fields["initiative"].queryset = Initiative.objects.visible_to(
            user, Perm.LOG_OUTREACH
        ).order_by("name")
        self.fields["movement"].queryset = Movement.objects.visible_to(
            user, Perm.LOG_OUTREACH
        ).order_by("name")
        if not has_file:
            del self.fields["remove_file"]


class EventForm(forms.Form):
    name = forms.CharField(label=capfirst(_("name")), max_length=limit_of(Event, "name"))
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=EventKind.choices)
    starts_on = forms.DateField(label=capfirst(_("from")), widget=DATE)
    ends_on = forms.DateField(label=capfirst(_("to")), widget=DATE)
    place = PlaceChoice(label=capfirst(_("place")), queryset=Event.objects.none())
    organiser = forms.ModelChoiceField(
        label=capfirst(_("organiser")), queryset=Event.objects.none(), required=False
    )
    description = forms.CharField(
        label=capfirst(_("description")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sessions = SessionsChoice(
        label=_("Training sessions of the event"),
        queryset=Session.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    is_public = forms.BooleanField(label=_("Show on the public pages"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = queries.event_places(user)
        self.fields["place"].queryset = places
        self.fields["organiser"].queryset = queries.organisers_for(user)
        paths = list(places.values_list("path", flat=True))
        above = sorted({a for path in paths for a in tree.ancestors(path)})
        self.fields["sessions"].queryset = (
            Session.objects.visible_to(user)
            .filter(tree.within(paths, "course__place__path") | _course_at(above))
            .select_related("course")
            .order_by("-starts_at")
        )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", _("The event ends before it starts."))
        return data


def _course_at(paths):
    return Q(course__place__path__in=paths)


class BoothForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=capfirst(_("enterprise")), queryset=Event.objects.none()
    )
    note = forms.CharField(
        label=capfirst(_("note")), max_length=limit_of(Booth, "note"), required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = queries.enterprises_for(event)
