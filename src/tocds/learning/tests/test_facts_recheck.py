"""The facts table tells the truth about itself (issue 14 §2): the province's content pages list
the facts due for re-checking — never checked, or last checked longer ago than
`settings.FACT_RECHECK_MONTHS` — each with a link to edit it."""

import re
from datetime import date

import pytest
from django.utils import timezone

from tocds.conftest import World
from tocds.learning.models import Fact
from tocds.learning.queries import months_before

pytestmark = pytest.mark.django_db


def due_section(page: str) -> str:
    return page.split('id="due"')[1].split("</section>")[0]


@pytest.fixture
def ages(content):
    today = timezone.localdate()
    Fact.objects.filter(key="web_dvcqg").update(checked_on=months_before(today, 1))
    Fact.objects.filter(key="hotline_consumer").update(checked_on=months_before(today, 7))
    Fact.objects.filter(key="report_scam_sms").update(checked_on=None)
    return today


def test_facts_page_lists_facts_never_checked_or_checked_too_long_ago(ages, world: World):
    admin = world.client_for("province_admin")
    page = admin.get("/learn/manage/facts/").content.decode()
    due = due_section(page)
    assert "Đến hạn kiểm tra lại" in page
    links = re.findall(r'href="/learn/manage/facts/([\w-]+)/"', due)
    assert links == ["report_scam_sms", "hotline_consumer"]  # never checked first, then oldest
    assert "chưa từng kiểm tra" in due
    day = months_before(ages, 7).strftime("%d/%m/%Y")
    assert f"kiểm tra lần cuối ngày {day}" in due
    filtered = admin.get("/learn/manage/facts/?due=on").content.decode().split("<table")[1]
    assert "hotline_consumer" in filtered and "web_dvcqg" not in filtered
    dashboard = admin.get("/learn/manage/").content.decode()
    assert "2 thông tin đến hạn kiểm tra lại" in dashboard


def test_the_recheck_period_is_a_setting(ages, world: World, settings):
    settings.FACT_RECHECK_MONTHS = 12
    page = world.client_for("province_admin").get("/learn/manage/facts/").content.decode()
    links = re.findall(r'href="/learn/manage/facts/([\w-]+)/"', due_section(page))
    assert links == ["report_scam_sms"]
    assert "hơn 12 tháng" in page


def test_saving_a_fact_with_todays_check_takes_it_off_the_list(ages, world: World):
    admin = world.client_for("province_admin")
    fact = Fact.objects.get(key="hotline_consumer")
    admin.post(
        "/learn/manage/facts/hotline_consumer/",
        {
            "key": fact.key,
            "kind": fact.kind,
            "label": fact.label,
            "value": fact.value,
            "source": fact.source,
            "checked_on": ages.isoformat(),
            "verified": "on" if fact.verified else "",
        },
    )
    page = admin.get("/learn/manage/facts/").content.decode()
    assert "hotline_consumer" not in due_section(page)


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)
    assert months_before(date(2026, 1, 1), 12) == date(2025, 1, 1)
