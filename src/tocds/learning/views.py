"""Public learning pages (no account needed): skills, lessons, the self-assessment, results and
certificates; and the in-person check a signed-in team member records.

Progress on the device is a signed cookie listing the device's attempt keys (random UUIDs,
nothing personal); signed-in learners also find their attempts on their account, and attempts
made on the device before signing in are attached to the account."""

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.learning import audio, observation, queries, services
from tocds.learning.facts import fact_map
from tocds.learning.forms import CertificateForm, ObservationForm, QuizForm
from tocds.learning.models import Mode, Picture, Skill, StepAudio
from tocds.people.scoping import Perm, has_perm_anywhere


def _attach(request: HttpRequest) -> None:
    if request.user.is_authenticated:
        services.attach_attempts(request.user, queries.device_keys(request))


def _can_check(user) -> bool:
    return user.is_authenticated and services.checker_team(user) is not None


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _attach(request)
    best = queries.best_by_skill(queries.learner_attempts(request))
    skills = list(Skill.objects.all())
    for skill in skills:
        skill.best = best.get(skill.pk)
    return render(request, "learning/index.html", {"skills": skills})


@require_GET
def skill_page(request: HttpRequest, skill: str) -> HttpResponse:
    skill = queries.get_skill(skill)
    attempts = [a for a in queries.learner_attempts(request) if a.skill_id == skill.pk]
    context = {
        "skill": skill,
        "levels": queries.lessons_by_level(skill),
        "tasks": skill.tasks.order_by("code"),
        "last": attempts[0] if attempts else None,
        "can_check": _can_check(request.user),
    }
    return render(request, "learning/skill.html", context)


@require_GET
def lesson_page(request: HttpRequest, skill: str, lesson: str) -> HttpResponse:
    skill = queries.get_skill(skill)
    lesson, version = queries.get_published_lesson(skill, lesson)
    siblings = list(queries.published_lessons(skill))
    index = next(i for i, other in enumerate(siblings) if other.pk == lesson.pk)
    context = {
        "skill": skill,
        "lesson": lesson,
        "version": version,
        "steps": version.steps.all(),
        "facts": fact_map(),
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "can_check": _can_check(request.user),
        "can_manage": has_perm_anywhere(request.user, Perm.MANAGE_LEARNING),
        "pictures": _picture_urls(),
    }
    context["languages"], context["recordings"] = audio.recordings_by_step(version)
    context["listen_options"] = (
        audio.listen_options(context["languages"]) if context["languages"] else []
    )
    return render(request, "learning/lesson.html", context)


def _picture_urls() -> dict[str, str]:
    return {
        name: f"{reverse('learning:picture', args=[name])}?v={digest[:12]}"
        for name, digest in Picture.objects.values_list("name", "digest")
    }


@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest, skill: str) -> HttpResponse:
    skill = queries.get_skill(skill)
    questions = services.quiz_questions(skill)
    if not questions:
        raise Http404
    form = QuizForm(
        request.POST if request.method == "POST" else None, questions=questions, facts=fact_map()
    )
    if request.method == "POST" and form.is_valid():
        attempt = services.record_attempt(skill=skill, answers=form.answers(), learner=request.user)
        response = redirect("learning:result", key=attempt.key)
        queries.remember(response, request, attempt, secure=settings.HTTPS)
        return response
    context = {"skill": skill, "form": form, "count": len(questions)}
    return render(request, "learning/quiz.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, skill: str) -> HttpResponse:
    """A team member records what they watched a citizen do, task by task, on the citizen's
    own phone (an observation; the citizen stays anonymous)."""
    if not _can_check(request.user):
        raise Http404
    skill = queries.get_skill(skill)
    checklists = observation.checklists(skill)
    if not checklists:
        raise Http404
    form = ObservationForm(
        request.POST if request.method == "POST" else None, checklists=checklists
    )
    if request.method == "POST" and form.is_valid():
        try:
            attempt = observation.record_observation(
                checker=request.user, skill=skill, ticked=form.ticked()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("learning:result", key=attempt.key)
    context = {"skill": skill, "form": form, "team": services.checker_team(request.user)}
    return render(request, "learning/observe.html", context)


def _result_context(attempt, form) -> dict:
    return {
        "attempt": attempt,
        "skill": attempt.skill,
        "rows": queries.task_rows(attempt),
        "form": form,
        "in_person": attempt.mode == Mode.IN_PERSON,
        "observed": attempt.mode == Mode.OBSERVED,
        "observed_steps": observation.observed_steps(attempt),
    }


@require_GET
def result(request: HttpRequest, key) -> HttpResponse:
    _attach(request)
    attempt = queries.get_attempt(key)
    return render(request, "learning/result.html", _result_context(attempt, CertificateForm()))


@require_POST
def certificate(request: HttpRequest, key) -> HttpResponse:
    attempt = queries.get_attempt(key)
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            services.issue_skill_certificate(
                attempt=attempt, holder_name=form.cleaned_data["holder_name"], actor=request.user
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Your certificate is ready."))
            return redirect("learning:result", key=attempt.key)
    return render(request, "learning/result.html", _result_context(attempt, form))


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    _attach(request)
    attempts = list(queries.learner_attempts(request)[:50])
    return render(request, "learning/progress.html", {"attempts": attempts})


# A picture is an image: nothing in it may load or run.
PICTURE_CSP = {"default-src": [NONE], "style-src": ["'unsafe-inline'"], "frame-ancestors": [NONE]}


@require_GET
@csp(PICTURE_CSP)
def picture(request: HttpRequest, name: str) -> HttpResponse:
    """An SVG of the content. URLs carry the digest (`?v=`): cached for a year, immutable."""
    item = get_object_or_404(Picture, name=name)
    etag = f'"{item.digest[:32]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(item.svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    if request.GET.get("v") == item.digest[:12]:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=3600"
    return response


# A recording opened on its own plays in the browser's media page; nothing else may load.
AUDIO_CSP = {**PICTURE_CSP, "media-src": [SELF]}


@require_GET
@csp(AUDIO_CSP)
def audio_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A step's recording. Published (and superseded) versions are public and never change: their
    URLs carry the digest (`?v=`) and are cached for a year; a draft's or a version in review
    only for content managers, never stored. Byte ranges are answered (phones ask for them)."""
    item = get_object_or_404(StepAudio.objects.select_related("version"), pk=pk)
    public = item.version.status in audio.PUBLIC_STATUSES
    if not public and not has_perm_anywhere(request.user, Perm.MANAGE_LEARNING):
        raise Http404
    etag = f'"{item.digest[:32]}"'
    if public and request.GET.get("v") == item.digest[:12]:
        cache_control = "public, max-age=31536000, immutable"
    elif public:
        cache_control = "public, max-age=3600"
    else:
        cache_control = "private, no-store"
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        with item.file.open("rb") as stored:
            data = stored.read()
        span = audio.byte_range(request.headers.get("Range", ""), len(data))
        if span is None:
            response = HttpResponse(data, content_type=item.content_type)
        else:
            first, last = span
            response = HttpResponse(
                data[first : last + 1], content_type=item.content_type, status=206
            )
            response["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
        response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response
