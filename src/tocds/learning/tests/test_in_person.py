"""A team member records a citizen's skill checked in person ("đã kiểm tra trực tiếp"),
kept apart from self-checks and shown on results and certificates."""

import pytest
from django.test import Client

from tocds.certificates.models import Certificate
from tocds.conftest import World
from tocds.learning.models import Attempt, Mode, Skill
from tocds.learning.tests.test_public_pages import answers_form

pytestmark = pytest.mark.django_db


def test_team_member_records_an_in_person_check_for_an_anonymous_citizen(content, world: World):
    member = world.client_for("member")
    assert "Kiểm tra trực tiếp người dân" in member.get("/learn/safety/").content.decode()
    skill = Skill.objects.get(code="safety")
    data = answers_form(skill)
    response = member.post("/learn/safety/check/", data)
    assert "Hãy đánh dấu ô này" in response.content.decode()  # "I watched" is not ticked
    assert not Attempt.objects.exists()
    response = member.post("/learn/safety/check/", {**data, "watched": "on"})
    attempt = Attempt.objects.get()
    assert response["Location"] == f"/learn/results/{attempt.key}/"
    assert attempt.mode == Mode.IN_PERSON
    assert (attempt.checked_by, attempt.team, attempt.commune) == (
        world.member,
        world.team_a,
        world.commune_a,
    )
    assert attempt.user is None  # the citizen stays anonymous
    assert "tocds_learning" not in response.cookies  # not the member's own progress
    page = Client().get(response["Location"]).content.decode()
    assert "Kiểm tra trực tiếp bởi Tổ CĐS Xóm Nà Mẫu, Xã Hòa An" in page
    Client().post(f"/learn/results/{attempt.key}/certificate/", {"holder_name": "Bế Văn Tư"})
    certificate = Certificate.objects.get()
    assert certificate.detail.startswith("Kiểm tra trực tiếp bởi Tổ CĐS Xóm Nà Mẫu, Xã Hòa An")
    assert certificate.place == world.commune_a


def test_self_checks_are_not_labelled_as_in_person(content):
    client = Client()
    client.post("/learn/safety/quiz/", answers_form(Skill.objects.get(code="safety")))
    attempt = Attempt.objects.get()
    page = client.get(f"/learn/results/{attempt.key}/").content.decode()
    assert "Tự kiểm tra (chưa kiểm tra trực tiếp)" in page
    assert "Kiểm tra trực tiếp bởi" not in page


@pytest.mark.parametrize("persona", ["province_admin", "officer_a", "anonymous"])
def test_only_team_members_check_in_person(content, world: World, persona):
    client = world.client_for(persona)
    response = client.post("/learn/safety/check/", {"watched": "on"})
    assert response.status_code in (302, 404)
    assert not Attempt.objects.exists()
    assert "Kiểm tra trực tiếp người dân" not in client.get("/learn/safety/").content.decode()


def test_usage_counts_attempts_completions_and_mastery_by_commune(content, world: World):
    skill = Skill.objects.get(code="safety")
    member = world.client_for("member")
    member.post("/learn/safety/check/", {**answers_form(skill), "watched": "on"})
    Client().post("/learn/safety/quiz/", answers_form(skill, wrong={"at-q01", "at-q02"}))
    admin = world.client_for("province_admin")
    response = admin.get("/learn/manage/usage/")
    totals = response.context["totals"]
    assert (totals["attempts"], totals["in_person"], totals["passed"]) == (2, 1, 1)
    safety = next(row for row in response.context["skills"] if row.skill.code == "safety")
    assert [(t.code, s, m) for t, s, m in safety.tasks] == [("AT-01", 2, 1)]
    assert [r["commune__name"] for r in response.context["by_commune"]] == ["Xã Hòa An"]
    narrowed = admin.get(f"/learn/manage/usage/?commune={world.commune_b.code}")
    assert narrowed.context["totals"]["attempts"] == 0
