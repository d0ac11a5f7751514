"""The in-person check is an observation (issue 14 §5): a team member watches a citizen do each
task on the citizen's own phone and ticks the steps of the task's lesson(s) they saw done. It is
kept apart from self-checks (its own rows, no answers) and shown differently on results and
certificates."""

import re

import pytest
from django.test import Client

from tocds.certificates.models import Certificate
from tocds.conftest import World
from tocds.learning.models import Answer, Attempt, Lesson, Mode, ObservedStep, Skill, TaskResult
from tocds.learning.tests.test_public_pages import answers_form

pytestmark = pytest.mark.django_db


def step_boxes(page: str) -> list[str]:
    return re.findall(r'type="checkbox" name="(s\d+-\d+)"', page)


def ticks(*lessons_steps: tuple[str, list[int]]) -> dict[str, str]:
    """The boxes of these steps of these lessons' published versions, ticked."""
    data = {}
    for code, positions in lessons_steps:
        version = Lesson.objects.get(code=code).published_id
        data.update({f"s{version}-{p}": "on" for p in positions})
    return data


def test_the_checklist_is_each_tasks_lesson_steps(content, world: World):
    member = world.client_for("member")
    assert "Kiểm tra trực tiếp người dân" in member.get("/learn/public_services/").content.decode()
    page = member.get("/learn/public_services/check/").content.decode()
    assert "Cài VNeID từ kho ứng dụng chính thức" in page  # task DVC-01
    assert "Đăng nhập Cổng Dịch vụ công bằng VNeID" in page  # task DVC-04
    assert "Gõ chữ VNeID vào ô tìm kiếm." in page  # a step of its lesson
    assert "dichvucong.gov.vn" in page and "{fact:" not in page  # facts filled in
    assert len(step_boxes(page)) == 5  # 3 + 2 steps
    assert 'type="radio"' not in page  # not the quiz any more
    assert 'name="watched"' in page and "checked" not in page  # never pre-ticked


def test_team_member_records_an_observation_task_by_task(content, world: World):
    member = world.client_for("member")
    data = ticks(("dvc-cai-vneid", [1, 2, 3]), ("dvc-dang-nhap", [1]))
    response = member.post("/learn/public_services/check/", data)
    assert "Hãy đánh dấu ô này" in response.content.decode()  # "I watched" is not ticked
    assert not Attempt.objects.exists()
    response = member.post("/learn/public_services/check/", {**data, "watched": "on"})
    attempt = Attempt.objects.get()
    assert response["Location"] == f"/learn/results/{attempt.key}/"
    assert attempt.mode == Mode.OBSERVED
    assert (attempt.checked_by, attempt.team, attempt.commune) == (
        world.member,
        world.team_a,
        world.commune_a,
    )
    assert attempt.user is None  # the citizen stays anonymous
    assert (attempt.right, attempt.total, attempt.passed) == (1, 2, False)  # 1 task of 2 done
    results = {r.task.code: (r.right, r.total, r.mastered) for r in attempt.task_results.all()}
    assert results == {"DVC-01": (3, 3, True), "DVC-04": (1, 2, False)}
    assert ObservedStep.objects.filter(attempt=attempt).count() == 5
    assert (
        ObservedStep.objects.filter(attempt=attempt, done=False)
        .get()
        .text.startswith("Bấm Đăng nhập")
    )
    assert "tocds_learning" not in response.cookies  # not the member's own progress
    page = Client().get(response["Location"]).content.decode()
    assert "Làm được 1/2 việc" in page
    assert "Được Tổ CĐS Xóm Nà Mẫu, Xã Hòa An quan sát trực tiếp" in page
    assert "✘ chưa thấy làm: Bấm Đăng nhập" in page
    assert "Nhận giấy chứng nhận" not in page  # not passed


def test_an_observation_with_every_task_done_gets_a_certificate_that_says_so(content, world: World):
    member = world.client_for("leader")
    data = ticks(("dvc-cai-vneid", [1, 2, 3]), ("dvc-dang-nhap", [1, 2]))
    member.post("/learn/public_services/check/", {**data, "watched": "on"})
    attempt = Attempt.objects.get()
    assert attempt.passed
    Client().post(f"/learn/results/{attempt.key}/certificate/", {"holder_name": "Bế Văn Tư"})
    certificate = Certificate.objects.get()
    assert certificate.detail == (
        "Được Tổ CĐS Xóm Nà Mẫu, Xã Hòa An quan sát trực tiếp: tự làm được 2/2 việc "
        "trên điện thoại của mình."
    )
    assert certificate.place == world.commune_a
    verify = Client().get(f"/verify/{certificate.code}/").content.decode()
    assert "quan sát trực tiếp" in verify


def test_nothing_ticked_records_nothing(content, world: World):
    member = world.client_for("member")
    response = member.post("/learn/public_services/check/", {"watched": "on"})
    assert response.status_code == 200
    assert "Hãy đánh dấu các bước bạn đã thấy người dân tự làm." in response.content.decode()
    assert not Attempt.objects.exists()


def test_observations_are_kept_apart_from_self_checks(content, world: World):
    skill = Skill.objects.get(code="public_services")
    member = world.client_for("member")
    member.post(
        "/learn/public_services/check/",
        {**ticks(("dvc-cai-vneid", [1, 2, 3]), ("dvc-dang-nhap", [1, 2])), "watched": "on"},
    )
    observed = Attempt.objects.get()
    member.post("/learn/public_services/quiz/", answers_form(skill))  # the member's own quiz
    own = Attempt.objects.exclude(pk=observed.pk).get()
    assert own.mode == Mode.SELF and own.user == world.member
    assert not Answer.objects.filter(attempt=observed).exists()  # steps, not answers
    assert not ObservedStep.objects.filter(attempt=own).exists()
    progress = member.get("/learn/progress/").content.decode()
    assert f"/learn/results/{own.key}/" in progress
    assert f"/learn/results/{observed.key}/" not in progress  # not the member's result
    page = Client().get(f"/learn/results/{own.key}/").content.decode()
    assert "Tự kiểm tra (chưa kiểm tra trực tiếp)" in page and "quan sát trực tiếp" not in page
    assert TaskResult.objects.filter(attempt=observed).count() == 2


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
    data = {**ticks(("dvc-cai-vneid", [1, 2, 3]), ("dvc-dang-nhap", [1, 2])), "watched": "on"}
    response = client.post("/learn/public_services/check/", data)
    assert response.status_code in (302, 404)
    assert not Attempt.objects.exists()
    page = client.get("/learn/public_services/").content.decode()
    assert "Kiểm tra trực tiếp người dân" not in page


def test_usage_counts_observations_as_in_person_with_mastery_by_commune(content, world: World):
    skill = Skill.objects.get(code="safety")
    member = world.client_for("member")
    member.post("/learn/safety/check/", {**ticks(("at-otp", [1, 2, 3])), "watched": "on"})
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
