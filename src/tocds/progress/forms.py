from django import forms
from django.utils.translation import gettext_lazy as _

from tocds.campaigns.models import Campaign
from tocds.core.forms import QuickSelect
from tocds.core.skills import Skill
from tocds.progress.rows import Filters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(forms.Form):
    """The dashboard's filters, read from the query string (shareable URLs)."""

    day_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    day_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    skill = forms.ChoiceField(label=_("Skill"), required=False, widget=QuickSelect)
    service = forms.TypedChoiceField(
        label=_("Service"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )
    place = forms.ChoiceField(label=_("Area"), required=False, widget=QuickSelect)

    def __init__(self, data, *, campaign: Campaign, places: list | None = None, place_label=""):
        super().__init__(data)
        self.fields["skill"].choices = [("", _("All skills")), *Skill.choices]
        self.fields["service"].choices = [
            ("", _("All services")),
            *campaign.services.order_by("position", "search_name").values_list("pk", "name"),
        ]
        if places:
            self.fields["place"].label = place_label
            self.fields["place"].choices = [("", _("All")), *((p.code, p.name) for p in places)]
        else:
            del self.fields["place"]

    def filters(self) -> Filters:
        """The valid filters; an invalid value is ignored (the form shows its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            day_from=data.get("day_from"),
            day_to=data.get("day_to"),
            skill=data.get("skill") or "",
            service_id=data.get("service"),
        )

    def place_code(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("place") or ""
