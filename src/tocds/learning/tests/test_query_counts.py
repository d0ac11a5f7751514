"""Pages read a fixed number of queries whatever the number of steps, results or attempts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tocds.conftest import World
from tocds.learning import services
from tocds.learning.models import Lesson, Skill, Step

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lesson_page_costs_the_same_with_more_steps(content):
    client = Client()
    url = "/learn/public_services/dvc-dang-nhap/"
    before = queries(client, url)
    version = Lesson.objects.get(code="dvc-dang-nhap").published
    Step.objects.bulk_create(
        Step(version=version, position=10 + i, text=f"Bước {i}.", picture="phone.svg", alt="x")
        for i in range(3)
    )
    assert queries(client, url) == before


def test_result_page_costs_the_same_for_one_or_more_tasks(content):
    client = Client()
    one = services.record_attempt(skill=Skill.objects.get(code="safety"), answers={})
    two = services.record_attempt(skill=Skill.objects.get(code="public_services"), answers={})
    assert queries(client, f"/learn/results/{one.key}/") == queries(
        client, f"/learn/results/{two.key}/"
    )


def test_usage_and_management_pages_cost_the_same_with_more_attempts(content, world: World):
    admin = world.client_for("province_admin")
    skill = Skill.objects.get(code="safety")
    services.record_attempt(skill=skill, answers={})
    usage, dashboard = queries(admin, "/learn/manage/usage/"), queries(admin, "/learn/manage/")
    for _ in range(3):
        services.record_attempt(skill=skill, answers={}, learner=world.member)
    services.record_attempt(skill=skill, answers={}, checker=world.leader)
    assert queries(admin, "/learn/manage/usage/") == usage
    assert queries(admin, "/learn/manage/") == dashboard
