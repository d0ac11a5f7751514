"""The school programme's demo: a school, a teacher login, two classes, a delivered lesson and
a finished class quiz; safe to run twice."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from tocds.demo.base import DEMO_PASSWORD
from tocds.demo.schools import SCHOOL_NAME, load_school_demo
from tocds.learning.content import load_content
from tocds.learning.tests.conftest import FIXTURE
from tocds.schools.models import ClassQuiz, Delivery, SchoolClass

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("schools").get_models()}


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def run(world):
    User = get_user_model()
    users = {}
    for username in ("demo-teacher", "demo-education"):
        users[username] = User.objects.filter(username=username).first() or (
            User.objects.create_user(username=username, password=DEMO_PASSWORD)
        )
    load_school_demo(
        province=world.province, commune_a=world.commune_a, commune_b=world.commune_b, users=users
    )
    return users


def test_the_demo_has_a_teacher_with_two_classes_a_lesson_and_a_finished_quiz(world):
    load_content(FIXTURE)
    run(world)
    classes = SchoolClass.objects.filter(school__name=SCHOOL_NAME)
    assert sorted(classes.values_list("name", flat=True)) == ["8A", "9B"]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.students_present, delivery.family_taught) == (
        "delivered",
        30,
        12,
    )
    quiz = ClassQuiz.objects.get()
    assert quiz.closed_at is not None and quiz.submissions.count() == 26
    teacher = signed_in("demo-teacher")
    page = teacher.get(f"/schools/quizzes/{quiz.pk}/").content.decode()
    assert "<b>26 / 32</b>" in page
    officer = signed_in("demo-education")
    assert "<b>1 / 2</b>" in officer.get("/schools/figures/").content.decode()
    before = counts()
    run(world)
    assert counts() == before


def test_without_learning_content_the_demo_still_has_the_school_and_classes(
    world, monkeypatch, tmp_path
):
    monkeypatch.setattr("tocds.demo.learning.DEFAULT_PATH", tmp_path / "no-content")
    run(world)
    assert SchoolClass.objects.count() == 2
    assert not Delivery.objects.exists() and not ClassQuiz.objects.exists()
