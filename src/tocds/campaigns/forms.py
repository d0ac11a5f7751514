from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tocds.core.skills import Skill


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
