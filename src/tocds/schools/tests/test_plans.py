"""The ready 45-minute lesson plans: public, in the four activities of the official template
(CV 5512), each with objective, content, product and organisation; printable."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_lesson_plans_are_listed_by_skill_for_everyone(sw):
    page = Client().get("/schools/plans/").content.decode()
    assert "Sử dụng dịch vụ công trực tuyến" in page
    assert 'href="/schools/plans/kh-dvc-thcs/"' in page


def test_a_lesson_plan_follows_the_official_template(sw):
    page = Client().get("/schools/plans/kh-dvc-thcs/").content.decode()
    for heading in ("I. Mục tiêu", "II. Thiết bị dạy học và học liệu", "III. Tiến trình dạy học"):
        assert heading in page
    activities = re.findall(r'<section class="activity">(.*?)</section>', page, re.S)
    assert len(activities) == 4
    for activity in activities:
        for part in ("a) Mục tiêu", "b) Nội dung", "c) Sản phẩm", "d) Tổ chức thực hiện"):
            assert part in activity
    assert "Hoạt động 1: Mở đầu" in activities[0] and "(5 phút)" in activities[0]
    assert "Dạy lại một người thân cách cài VNeID." in page  # the take-home task
    assert "/learn/public_services/dvc-cai-vneid/" in page  # its lessons, to project


def test_a_lesson_plan_prints(sw):
    page = Client().get("/schools/plans/kh-dvc-thcs/").content.decode()
    assert "data-print hidden" in page and "schools/schools.js" in page
    text = Path(finders.find("schools/schools.css")).read_text(encoding="utf-8")
    assert "@media print" in text and "size: A4" in text


def test_an_unknown_lesson_plan_is_not_found(sw):
    assert Client().get("/schools/plans/no-such-plan/").status_code == 404
