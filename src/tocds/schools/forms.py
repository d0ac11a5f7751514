"""Forms of the school programme. Choice lists come from the user's own schools and classes;
the rules themselves are in services.py."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocds.core.forms import QuickSelect, limit_of
from tocds.learning.models import LessonPlan, Skill
from tocds.schools.models import FIRST_GRADE, LAST_GRADE, MAX_STUDENTS, SchoolClass
from tocds.schools.services import (
    CODE_DIGITS,
    QUIZ_MINUTES,
    school_year_bounds,
    school_year_of,
    teacher_schools,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _year_choices(today: date) -> list[tuple[int, str]]:
    current = school_year_of(today)
    return [(y, f"{y}–{y + 1}") for y in (current - 1, current, current + 1)]


class ClassForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None, empty_label=None)
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        coerce=int,
        choices=[(g, str(g)) for g in range(FIRST_GRADE, LAST_GRADE + 1)],
    )
    name = forms.CharField(
        label=_("Class"),
        max_length=limit_of(SchoolClass, "name"),
        help_text=_("As the school writes it, e.g. 8A."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int, choices=())
    students = forms.IntegerField(
        label=_("Number of students"),
        help_text=_("Only how many: never write students' names."),
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_STUDENTS, "inputmode": "numeric"}),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["school"].queryset = teacher_schools(actor)
        self.fields["school_year"].choices = _year_choices(today)
        self.fields["school_year"].initial = school_year_of(today)


class DeliveryForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Lesson plan"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("Date"), widget=DATE)
    delivered = forms.TypedChoiceField(
        label=_("Status"),
        coerce=lambda v: v == "1",
        choices=[("0", _("Planned")), ("1", _("Delivered"))],
        widget=forms.RadioSelect,
        initial="0",
    )
    students_present = forms.IntegerField(
        label=_("Students present"),
        required=False,
        help_text=_("When the lesson has been delivered."),
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = LessonPlan.objects.select_related("skill")
        self.fields["plan"].label_from_instance = lambda p: f"{p.skill.title}: {p.title}"


class FamilyForm(forms.Form):
    family_taught = forms.IntegerField(
        label=_("Students who taught a family member"),
        min_value=0,
        help_text=_("Ask the class: who showed a family member what the lesson taught?"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class QuizOpenForm(forms.Form):
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=None, empty_label=None)
    minutes = forms.TypedChoiceField(
        label=_("The code works for"),
        coerce=int,
        choices=[(m, _("%(m)s minutes") % {"m": m}) for m in QUIZ_MINUTES],
        initial=20,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(
            tasks__questions__is_active=True
        ).distinct()


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Class code"),
        max_length=20,
        help_text=_("The %(n)s digits your teacher shows.") % {"n": CODE_DIGITS},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s.-]", "", self.cleaned_data["code"])
        if not re.fullmatch(rf"\d{{{CODE_DIGITS}}}", code):
            raise forms.ValidationError(_("A class code has %(n)s digits.") % {"n": CODE_DIGITS})
        return code


class FiguresForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False, widget=QuickSelect)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [
            ("", _("All communes")),
            *[(c.code, c.name) for c in communes],
        ]
        if len(communes) == 1:
            self.fields["commune"].choices = [(communes[0].code, communes[0].name)]

    def period(self) -> tuple[date, date]:
        """The chosen period; by default the current school year."""
        first, last = school_year_bounds(school_year_of(timezone.localdate()))
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or first
        end = data.get("end") or last
        return (start, end) if start <= end else (end, start)
