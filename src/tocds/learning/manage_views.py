"""Content management for the province (Perm.MANAGE_LEARNING): lessons and their versions,
questions, facts, marks, usage figures and learning certificates.

Content is province-wide data (like the service catalogue): the pages need the permission
somewhere (`require_perm_anywhere`, 404 otherwise); each service checks it again."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tocds.certificates.models import Certificate, CertificateKind
from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.learning import audio, queries, services
from tocds.learning.facts import fact_map
from tocds.learning.forms import (
    FactFilterForm,
    FactForm,
    LanguageForm,
    LessonDraftForm,
    MarksForm,
    QuestionForm,
    RecordingForm,
    RevokeForm,
    StepFormSet,
    fact_initial,
)
from tocds.learning.models import (
    Fact,
    Language,
    Lesson,
    LessonVersion,
    Picture,
    Question,
    Skill,
    StepAudio,
    VersionStatus,
)
from tocds.people.scoping import Perm, require_perm_anywhere
from tocds.places.queries import communes_in_scope


def _require(request: HttpRequest) -> None:
    require_perm_anywhere(request.user, Perm.MANAGE_LEARNING)


MOVE_LABELS = {
    "submitted for review": gettext_lazy("Submit for review"),
    "returned to draft": gettext_lazy("Return to draft"),
    "published": gettext_lazy("Publish"),
}


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request)
    lessons = (
        Lesson.objects.select_related("skill", "task", "published")
        .annotate(
            open_versions=Count("versions", filter=Q(versions__status__in=["draft", "review"])),
            in_review=Count("versions", filter=Q(versions__status="review")),
        )
        .order_by("skill__position", "order", "code")
    )
    skills = list(Skill.objects.all())
    for skill in skills:
        skill.lesson_rows = [lesson for lesson in lessons if lesson.skill_id == skill.pk]
    context = {
        "skills": skills,
        "facts_to_confirm": Fact.objects.filter(verified=False).count(),
        "facts_due": queries.facts_due_for_recheck().count(),
    }
    return render(request, "learning/manage/dashboard.html", context)


@login_required
@require_GET
def lesson_detail(request: HttpRequest, code: str) -> HttpResponse:
    _require(request)
    lesson = get_object_or_404(Lesson.objects.select_related("skill", "task"), code=code)
    versions = list(lesson.versions.select_related("created_by").order_by("-number"))
    context = {
        "lesson": lesson,
        "versions": versions,
        "history": history_rows(LessonVersion.history.filter(lesson=lesson)),
        "open_version": next((v for v in versions if v.status in ("draft", "review")), None),
    }
    return render(request, "learning/manage/lesson.html", context)


def _step_initial(version: LessonVersion | None) -> list[dict]:
    if version is None or version.pk is None:
        return []
    return [{"text": s.text, "picture": s.picture, "alt": s.alt} for s in version.steps.all()]


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit the lesson's draft (started from its latest version when there is none)."""
    _require(request)
    lesson = get_object_or_404(Lesson, code=code)
    try:
        if request.method == "POST":
            version = services.start_draft(actor=request.user, lesson=lesson)
        else:  # reading writes nothing: the form starts from what the draft would copy
            version = services.draft_source(lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:manage_lesson", code=lesson.code)
    pictures = list(Picture.objects.values_list("name", flat=True))
    initial = {
        "title": version.title,
        "summary": version.summary,
        "minutes": version.minutes,
        "can_go_wrong": "\n".join(version.can_go_wrong),
        "scam_warnings": "\n".join(version.scam_warnings),
        "teach_tips": "\n".join(version.teach_tips),
    }
    post = request.POST if request.method == "POST" else None
    form = LessonDraftForm(post, initial=initial)
    steps = StepFormSet(
        post, initial=_step_initial(version), prefix="steps", form_kwargs={"pictures": pictures}
    )
    if post is not None and form.is_valid() and steps.is_valid():
        step_data = [
            services.StepData(
                text=f.cleaned_data["text"].strip(),
                picture=f.cleaned_data.get("picture", ""),
                alt=f.cleaned_data.get("alt", ""),
            )
            for f in steps.forms
            if f.cleaned_data.get("text", "").strip()
        ]
        try:
            services.save_draft(
                actor=request.user,
                version=version,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                minutes=form.cleaned_data["minutes"],
                steps=step_data,
                **form.lists(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Draft saved."))
            dropped = getattr(version, "dropped_recordings", 0)
            if dropped:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)s recording no longer matched its step's text and was removed.",
                        "%(n)s recordings no longer matched their step's text and were removed.",
                        dropped,
                    )
                    % {"n": dropped},
                )
            return redirect("learning:version", pk=version.pk)
    context = {
        "lesson": lesson,
        "version": version,
        "is_new_draft": version.pk is None or version.status != VersionStatus.DRAFT,
        "form": form,
        "steps": steps,
    }
    return render(request, "learning/manage/lesson_form.html", context)


@login_required
@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version as citizens would see it, with its status moves and content check."""
    _require(request)
    version = get_object_or_404(LessonVersion.objects.select_related("lesson__skill"), pk=pk)
    moves = [
        (move.target, MOVE_LABELS[move.reason])
        for _action, move in services.TRANSITIONS.moves_from(version.status)
    ]
    context = {
        "version": version,
        "lesson": version.lesson,
        "steps": version.steps.all(),
        "facts": fact_map(),
        "pictures": {
            name: f"/learn/pictures/{name}"
            for name in Picture.objects.values_list("name", flat=True)
        },
        "moves": moves,
        "problems": services.version_problems(version),
        "history": history_rows(version.history.all()),
        "recordings": _recordings(version),
        "recording_form": _recording_form(version) if version.is_editable else None,
        "max_kb": audio.max_bytes() // 1024,
    }
    return render(request, "learning/manage/version.html", context)


def _recordings(version: LessonVersion) -> dict[int, list[tuple[StepAudio, str]]]:
    by_step: dict[int, list[tuple[StepAudio, str]]] = {}
    for item in version.audio.select_related("language").order_by("position", "language__position"):
        by_step.setdefault(item.position, []).append((item, audio.audio_url(item)))
    return by_step


def _recording_form(version: LessonVersion, data=None, files=None) -> RecordingForm:
    positions = list(version.steps.values_list("position", flat=True))
    return RecordingForm(data, files, positions=positions)


@login_required
@require_POST
def recording_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a step's recording to a draft (Opus or AAC, size-capped: `audio.add_recording`)."""
    _require(request)
    version = get_object_or_404(LessonVersion, pk=pk)
    form = _recording_form(version, request.POST, request.FILES)
    if form.is_valid():
        try:
            audio.add_recording(
                actor=request.user,
                version=version,
                position=form.cleaned_data["position"],
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recording saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("learning:version", pk=version.pk)


@login_required
@require_POST
def recording_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    item = get_object_or_404(StepAudio.objects.select_related("version"), pk=pk)
    try:
        audio.remove_recording(actor=request.user, audio=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recording removed."))
    return redirect("learning:version", pk=item.version_id)


@login_required
@require_http_methods(["GET", "POST"])
def languages(request: HttpRequest) -> HttpResponse:
    """The languages lessons are recorded in; the province adds its own."""
    _require(request)
    form = LanguageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            audio.add_language(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Language added."))
            return redirect("learning:languages")
    rows = Language.objects.annotate(count=Count("recordings")).order_by("position", "name")
    return render(request, "learning/manage/languages.html", {"form": form, "languages": rows})


@login_required
@require_POST
def version_transition(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    version = get_object_or_404(LessonVersion, pk=pk)
    try:
        services.transition(actor=request.user, version=version, to=request.POST.get("to", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status changed."))
    return redirect("learning:version", pk=version.pk)


@login_required
@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    questions = Question.objects.select_related("task", "task__skill", "lesson").order_by(
        "task__skill__position", "task__code", "position"
    )
    return render(
        request, "learning/manage/question_list.html", {"questions": questions, "facts": fact_map()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    _require(request)
    question = get_object_or_404(Question, code=code) if code else None
    initial = (
        {
            "code": question.code,
            "task": question.task,
            "lesson": question.lesson,
            "level": question.level,
            "prompt": question.prompt,
            "choices": "\n".join(question.choices),
            "answer": question.answer + 1,
            "explanation": question.explanation,
            "is_active": question.is_active,
        }
        if question
        else {"is_active": True}
    )
    form = QuestionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(actor=request.user, question=question, **form.values())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("learning:questions")
    history = history_rows(question.history.all()) if question else []
    context = {"form": form, "question": question, "history": history}
    return render(request, "learning/manage/question_form.html", context)


@login_required
@require_GET
def fact_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    filters = FactFilterForm(request.GET)
    facts = Fact.objects.order_by("kind", "key")
    due = list(queries.facts_due_for_recheck())
    if filters.is_valid() and filters.cleaned_data["needs"]:
        facts = facts.filter(verified=False)
    if filters.is_valid() and filters.cleaned_data["due"]:
        facts = facts.filter(pk__in=[f.pk for f in due])
    context = {
        "facts": facts,
        "filters": filters,
        "due": due,
        "due_keys": {f.key for f in due},
        "months": settings.FACT_RECHECK_MONTHS,
    }
    return render(request, "learning/manage/fact_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fact_edit(request: HttpRequest, key: str | None = None) -> HttpResponse:
    _require(request)
    fact = get_object_or_404(Fact, key=key) if key else None
    form = FactForm(
        request.POST if request.method == "POST" else None,
        initial=fact_initial(fact) if fact else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_fact(actor=request.user, fact=fact, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Fact saved."))
            return redirect("learning:facts")
    history = history_rows(fact.history.all()) if fact else []
    return render(
        request, "learning/manage/fact_form.html", {"form": form, "fact": fact, "history": history}
    )


@login_required
@require_http_methods(["GET", "POST"])
def skill_marks(request: HttpRequest, code: str) -> HttpResponse:
    _require(request)
    skill = get_object_or_404(Skill, code=code)
    form = MarksForm(
        request.POST if request.method == "POST" else None,
        initial={"pass_mark": skill.pass_mark, "task_mark": skill.task_mark},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_skill_marks(actor=request.user, skill=skill, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Marks saved."))
            return redirect("learning:manage")
    context = {"skill": skill, "form": form, "history": history_rows(skill.history.all())}
    return render(request, "learning/manage/marks_form.html", context)


@login_required
@require_GET
def usage(request: HttpRequest) -> HttpResponse:
    """Learners, attempts, completions, certificates and mastery; one commune when chosen."""
    _require(request)
    communes = list(communes_in_scope(request.user, Perm.MANAGE_LEARNING))
    chosen = next((c for c in communes if c.code == request.GET.get("commune")), None)
    context = {**queries.usage(chosen), "communes": communes, "chosen": chosen}
    return render(request, "learning/manage/usage.html", context)


@login_required
@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    certificates = Certificate.objects.filter(kind=CertificateKind.LEARNING).select_related(
        "place"
    )[:200]
    return render(request, "learning/manage/certificate_list.html", {"certificates": certificates})


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, code: str) -> HttpResponse:
    _require(request)
    certificate = get_object_or_404(Certificate, code=code, kind=CertificateKind.LEARNING)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_learning_certificate(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Certificate revoked."))
            return redirect("learning:certificates")
    context = {"certificate": certificate, "form": form}
    return render(request, "learning/manage/certificate_revoke.html", context)
