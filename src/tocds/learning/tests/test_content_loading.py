"""`tocds load_learning_content`: the TOML tree into the database, idempotent, all or nothing;
edits made in the product survive a re-load of unchanged files."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tocds.conftest import World
from tocds.learning import services
from tocds.learning.models import (
    Attempt,
    Fact,
    Lesson,
    LessonPlan,
    LessonVersion,
    Picture,
    Question,
    Skill,
    VersionStatus,
)
from tocds.learning.tests.conftest import FIXTURE

pytestmark = pytest.mark.django_db


def load(path: Path = FIXTURE) -> str:
    out = StringIO()
    call_command("load_learning_content", "--path", str(path), stdout=out)
    return out.getvalue()


def test_loads_skills_tasks_facts_lessons_questions_plans_and_pictures():
    summary = load()
    assert "skills: 2 created" in summary
    skill = Skill.objects.get(code="public_services")
    assert (skill.pass_mark, skill.task_mark) == (75, 100)
    lesson = Lesson.objects.get(code="dvc-cai-vneid")
    assert lesson.published.status == VersionStatus.PUBLISHED
    assert lesson.published.steps.first().text.startswith("Mở kho ứng dụng")
    assert lesson.published.steps.count() == 3
    assert Question.objects.get(code="dvc-q02").answer == 1
    assert Fact.objects.get(key="report_scam_sms").verified is False
    plan = LessonPlan.objects.get(code="kh-dvc-thcs")
    kinds = list(plan.activities.values_list("kind", flat=True))
    assert kinds == ["mo_dau", "hinh_thanh_kien_thuc", "luyen_tap", "van_dung"]
    assert set(plan.lessons.values_list("code", flat=True)) == {"dvc-cai-vneid", "dvc-dang-nhap"}
    assert set(Picture.objects.values_list("name", flat=True)) == {"phone.svg", "shield.svg"}


def test_loading_twice_changes_nothing():
    load()
    versions = LessonVersion.objects.count()
    summary = load()
    assert "0 created, 0 updated" in summary
    assert LessonVersion.objects.count() == versions
    assert "lesson versions: 0 created, 0 updated, 3 unchanged" in summary


def test_changed_lesson_file_publishes_a_new_version_and_keeps_the_old(tmp_path):
    load()
    tree = tmp_path / "content"
    shutil.copytree(FIXTURE, tree)
    lesson_file = tree / "lessons/safety/01-otp.toml"
    lesson_file.write_text(
        lesson_file.read_text().replace("Giữ mã OTP cho riêng mình", "Không đọc mã OTP")
    )
    load(tree)
    lesson = Lesson.objects.get(code="at-otp")
    statuses = list(lesson.versions.order_by("number").values_list("status", flat=True))
    assert statuses == [VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED]
    assert lesson.published.title == "Không đọc mã OTP"


def test_reload_keeps_edits_made_in_the_product(world: World):
    load()
    fact = Fact.objects.get(key="report_scam_sms")
    services.save_fact(
        actor=world.province_admin,
        fact=fact,
        key=fact.key,
        kind=fact.kind,
        label=fact.label,
        value="5656",
        verified=True,
        checked_on=fact.checked_on,
    )
    load()
    assert Fact.objects.get(key="report_scam_sms").verified is True


def test_reload_never_deletes_results(tmp_path):
    load()
    skill = Skill.objects.get(code="safety")
    services.record_attempt(skill=skill, answers={})
    tree = tmp_path / "content"
    shutil.copytree(FIXTURE, tree)
    (tree / "questions/safety.toml").write_text("")
    load(tree)
    assert Attempt.objects.count() == 1
    assert Question.objects.filter(code="at-q01").exists()


def test_a_tree_with_problems_loads_nothing_and_says_where(tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(FIXTURE, tree)
    shutil.copy(Path(__file__).parent / "bad_lesson.toml", tree / "lessons/public_services/")
    with pytest.raises(CommandError) as error:
        load(tree)
    assert "dvc-xau" not in str(Lesson.objects.values_list("code", flat=True))
    assert Skill.objects.count() == 0
    assert "1800.6838" in str(error.value)
    assert "nothing was loaded" in str(error.value)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        load(tmp_path / "nowhere")
