"""The class quiz as students see it, on their phones, without an account (public pages).

A student opens `/quiz/`, types the class code (or scans the QR the teacher shows), answers the
skill's questions and sees their own result per task. Nothing about the student is asked or
kept. To stop a second submission from the same phone, the phone keeps a random token for that
quiz in a signed cookie; the server keeps only the token's SHA-256 digest beside the scores.
When several students share one phone, "next student" forgets the phone's token for that quiz.
"""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from tocds.core.ratelimits import client_address
from tocds.learning.facts import fact_map
from tocds.learning.forms import QuizForm
from tocds.learning.models import Lesson
from tocds.learning.services import quiz_questions
from tocds.schools import queries, services
from tocds.schools.forms import JoinForm
from tocds.schools.models import ClassQuiz

COOKIE = "tocds_class_quiz"
COOKIE_SALT = "tocds.schools.quiz"
COOKIE_MAX = 10  # tokens of the last quizzes this phone joined
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Wrong codes from one address before it must wait (a class behind one school address makes
# a few typos; someone trying codes one after another makes many).
WRONG_CODE_RATE = "30/10m"


def _tokens(request: HttpRequest) -> dict[str, str]:
    raw = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT)
    pairs = (item.split(":", 1) for item in raw.split(",") if ":" in item)
    return dict(list(pairs)[:COOKIE_MAX])


def _keep_tokens(response: HttpResponse, tokens: dict[str, str]) -> None:
    value = ",".join(f"{k}:{v}" for k, v in list(tokens.items())[:COOKIE_MAX])
    response.set_signed_cookie(
        COOKIE,
        value,
        salt=COOKIE_SALT,
        max_age=24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.HTTPS,
    )


def _wrong_code(request: HttpRequest, form: JoinForm | None = None) -> HttpResponse:
    limited = is_ratelimited(
        request,
        group="schools-quiz-code",
        key=client_address,
        rate=WRONG_CODE_RATE,
        increment=True,
    )
    form = form or JoinForm(initial={"code": ""})
    message = (
        _("Too many wrong codes from here: wait a few minutes and try again.")
        if limited
        else _("No quiz has this code. Check the digits with your teacher.")
    )
    context = {"form": form, "problem": message}
    return render(request, "schools/join.html", context, status=429 if limited else 404)


def _quiz_or_none(code: str) -> ClassQuiz | None:
    return (
        ClassQuiz.objects.select_related("skill", "school_class", "school_class__school")
        .filter(code=code)
        .first()
    )


def _closed(request: HttpRequest, quiz: ClassQuiz) -> HttpResponse:
    context = {"quiz": quiz, "form": JoinForm(), "has_result": _submission(request, quiz)}
    return render(request, "schools/quiz_closed.html", context, status=410)


def _submission(request: HttpRequest, quiz: ClassQuiz):
    token = _tokens(request).get(str(quiz.pk))
    if not token:
        return None
    return queries.own_submission(quiz, services.device_digest(token))


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = JoinForm(request.POST)
    else:
        form = JoinForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        quiz = _quiz_or_none(form.cleaned_data["code"])
        if quiz is None:
            return _wrong_code(request, form)
        return redirect("quiz:take", code=quiz.code)
    status = 400 if form.is_bound else 200
    return render(request, "schools/join.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def take(request: HttpRequest, code: str) -> HttpResponse:
    quiz = _quiz_or_none(code)
    if quiz is None:
        return _wrong_code(request)
    if _submission(request, quiz) is not None:
        return redirect("quiz:result", code=quiz.code)
    if not quiz.is_open():
        return _closed(request, quiz)
    tokens = _tokens(request)
    posted = request.POST.get("device", "")  # the form's copy, for phones that drop cookies
    token = (
        tokens.get(str(quiz.pk))
        or (posted if TOKEN.fullmatch(posted) else "")
        or secrets.token_urlsafe(18)
    )
    questions = quiz_questions(quiz.skill)
    form = QuizForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        facts=fact_map(),
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_answers(quiz=quiz, device_token=token, answers=form.answers())
        except services.QuizClosed:
            return _closed(request, quiz)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            response = redirect("quiz:result", code=quiz.code)
            _keep_tokens(response, {str(quiz.pk): token, **tokens})
            return response
    context = {
        "quiz": quiz,
        "skill": quiz.skill,
        "form": form,
        "device": token,
        "problem": problem,
    }
    status = 400 if (form.errors or problem) else 200
    response = render(request, "schools/take.html", context, status=status)
    _keep_tokens(response, {str(quiz.pk): token, **tokens})
    return response


@require_GET
def result(request: HttpRequest, code: str) -> HttpResponse:
    """This phone's own result, per task, with the lesson to go back to."""
    quiz = _quiz_or_none(code)
    if quiz is None:
        return _wrong_code(request)
    submission = _submission(request, quiz)
    if submission is None:
        return redirect("quiz:take", code=quiz.code)
    results = list(submission.task_results.all())
    lessons = {
        lesson.task_id: lesson
        for lesson in Lesson.objects.filter(
            task__in=[r.task_id for r in results], published__isnull=False
        )
        .select_related("skill")
        .order_by("-order")
    }
    rows = [(r, lessons.get(r.task_id)) for r in results]
    context = {
        "quiz": quiz,
        "skill": quiz.skill,
        "submission": submission,
        "rows": rows,
        "is_open": quiz.is_open(),
    }
    return render(request, "schools/quiz_result.html", context)


@require_POST
def next_student(request: HttpRequest, code: str) -> HttpResponse:
    """Another student answers on this shared phone: forget this phone's token for the quiz."""
    quiz = _quiz_or_none(code)
    if quiz is None:
        return _wrong_code(request)
    tokens = {k: v for k, v in _tokens(request).items() if k != str(quiz.pk)}
    response = redirect("quiz:take", code=quiz.code)
    _keep_tokens(response, tokens)
    return response
