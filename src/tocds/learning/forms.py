"""Forms of the learning pages: the self-assessment, the certificate name, and the content
administrators' forms (lesson drafts, questions, facts, marks)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tocds.learning.facts import fill
from tocds.learning.models import Fact, FactKind, Language, Lesson, Level, Question, Task


class QuizForm(forms.Form):
    """One radio group per question, all on one page (works without JavaScript)."""

    def __init__(self, *args, questions: list[Question], facts: dict, **kw):
        super().__init__(*args, **kw)
        self.questions = questions
        for number, question in enumerate(questions, 1):
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=fill(question.prompt, facts),
                choices=[(i, fill(c, facts)) for i, c in enumerate(question.choices)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )
            self.fields[f"q{question.pk}"].number = number

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def answers(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class ObservationForm(forms.Form):
    """The in-person check: per task, a box per step the member saw the citizen do."""

    def __init__(self, *args, checklists: list, **kw):
        super().__init__(*args, **kw)
        self.checklists = checklists
        for checklist in checklists:
            for step in checklist.steps:
                self.fields[step.key] = forms.BooleanField(label=step.text, required=False)
        self.fields["watched"] = forms.BooleanField(
            label=_("I watched the citizen do the ticked steps by themself, on their own phone."),
            error_messages={"required": _("Tick this to record an in-person check.")},
        )

    def groups(self):
        """(checklist, its bound fields) per task, for the template."""
        return [(c, [self[s.key] for s in c.steps]) for c in self.checklists]

    def ticked(self) -> set[str]:
        return {s.key for c in self.checklists for s in c.steps if self.cleaned_data.get(s.key)}


class CertificateForm(forms.Form):
    holder_name = forms.CharField(
        label=_("Name to print on the certificate (optional)"),
        max_length=120,
        required=False,
        help_text=_("Only this name is kept, to print it and show it to whoever checks the code."),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LessonDraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("What you will be able to do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=120)
    can_go_wrong = forms.CharField(
        label=_("What can go wrong (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    scam_warnings = forms.CharField(
        label=_("Scam warnings (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    teach_tips = forms.CharField(
        label=_("Tips for teaching (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def lists(self) -> dict[str, list[str]]:
        return {
            k: _lines(self.cleaned_data[k]) for k in ("can_go_wrong", "scam_warnings", "teach_tips")
        }


class StepForm(forms.Form):
    text = forms.CharField(
        label=_("Step"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    picture = forms.ChoiceField(label=_("Picture"), required=False)
    alt = forms.CharField(label=_("Picture description"), max_length=300, required=False)

    def __init__(self, *args, pictures: list[str], **kw):
        super().__init__(*args, **kw)
        self.fields["picture"].choices = [("", "—"), *[(p, p) for p in pictures]]

    def clean(self):
        data = super().clean()
        if data.get("picture") and not data.get("alt"):
            self.add_error("alt", _("Describe the picture for people who cannot see it."))
        return data


StepFormSet = forms.formset_factory(StepForm, extra=2, max_num=12)


class QuestionForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=64)
    task = forms.ModelChoiceField(label=_("Task"), queryset=Task.objects.order_by("code"))
    lesson = forms.ModelChoiceField(
        label=_("Lesson to go back to"), queryset=Lesson.objects.order_by("code"), required=False
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    prompt = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    choices = forms.CharField(
        label=_("Choices (one per line)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    answer = forms.IntegerField(
        label=_("Number of the right choice (1 = first line)"), min_value=1, max_value=6
    )
    explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    is_active = forms.BooleanField(label=_("In use"), required=False)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["choices"] = _lines(data["choices"])
        data["answer"] = data["answer"] - 1
        return data


class FactForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=64)
    kind = forms.ChoiceField(label=_("Kind"), choices=FactKind.choices)
    label = forms.CharField(label=_("Label"), max_length=200)
    value = forms.CharField(label=_("Value"), max_length=300)
    source = forms.CharField(label=_("Source"), max_length=100, required=False)
    source_url = forms.URLField(
        label=_("Source address"), max_length=500, required=False, assume_scheme="https"
    )
    checked_on = forms.DateField(
        label=_("Last checked on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    verified = forms.BooleanField(label=_("Confirmed (lessons may cite it)"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FactFilterForm(forms.Form):
    needs = forms.BooleanField(label=_("Needs confirmation only"), required=False)
    due = forms.BooleanField(label=_("Due for re-checking only"), required=False)


class RecordingForm(forms.Form):
    """A recording of one step of a draft, in one language."""

    position = forms.TypedChoiceField(label=_("Step"), coerce=int)
    language = forms.ModelChoiceField(label=_("Language"), queryset=Language.objects.all())
    file = forms.FileField(
        label=_("Recording (Opus .ogg/.webm or AAC .m4a/.aac)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".ogg,.opus,.webm,.m4a,.mp4,.aac,audio/ogg,audio/webm,audio/mp4,audio/aac"
            }
        ),
    )

    def __init__(self, *args, positions: list[int], **kw):
        super().__init__(*args, **kw)
        self.fields["position"].choices = [(p, str(p)) for p in positions]


class LanguageForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=16,
        help_text=_("The language's tag (ISO 639), e.g. tyz for Tày."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)


class MarksForm(forms.Form):
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=1, max_value=100)
    task_mark = forms.IntegerField(label=_("Task mark (%)"), min_value=1, max_value=100)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


def fact_initial(fact: Fact) -> dict:
    return {
        f: getattr(fact, f)
        for f in (
            "key",
            "kind",
            "label",
            "value",
            "source",
            "source_url",
            "checked_on",
            "verified",
            "note",
        )
    }
