"""The province's public news and events without an account: only what the province made
public, an Atom feed that parses and is announced on the pages, events with their figures and
small counts hidden."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from tocds.outreach import services
from tocds.outreach.tests.factories import commune_item, log_item, make_event

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def published(w, title: str, **kwargs):
    item = log_item(w, title=title, summary="Tổ CĐS hướng dẫn người dân.", **kwargs)
    return services.set_public(actor=w.province_admin, item=item, public=True)


def test_news_lists_only_what_the_province_made_public(world):
    published(world, "Ra quân chiến dịch", link="https://baocaobang.vn/tin-1")
    log_item(world, title="Bản nháp chưa công khai")
    commune_item(world, title="Phát thanh xã chưa công khai")
    client = Client()
    page = client.get("/news/").content.decode()
    assert "Ra quân chiến dịch" in page
    assert "Bản nháp chưa công khai" not in page
    assert "Phát thanh xã chưa công khai" not in page
    assert 'rel="alternate" type="application/atom+xml"' in page


def test_a_public_item_has_its_own_page_and_a_private_one_answers_404(world):
    item = published(world, "Ngày hội số", link="https://baocaobang.vn/tin-2")
    private = log_item(world, title="Riêng tư")
    client = Client()
    page = client.get(f"/news/{item.pk}/").content.decode()
    assert "Ngày hội số" in page and "https://baocaobang.vn/tin-2" in page
    assert client.get(f"/news/{private.pk}/").status_code == 404


def test_the_atom_feed_parses_and_holds_the_public_items(world):
    published(world, "Tin thứ nhất")
    published(world, "Tin thứ hai")
    log_item(world, title="Không công khai")
    response = Client().get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    assert feed.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert sorted(titles) == ["Tin thứ hai", "Tin thứ nhất"]
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")


def test_public_events_show_their_figures_and_private_ones_do_not_show(world):
    make_event(world, name="Ngày Chuyển đổi số tỉnh", is_public=True, description="Ra quân.")
    make_event(world, name="Họp nội bộ", is_public=False)
    page = Client().get("/events/").content.decode()
    assert "Ngày Chuyển đổi số tỉnh" in page
    assert "Họp nội bộ" not in page
    assert "Người được tập huấn" in page


def test_an_events_small_counts_are_hidden(world, settings):
    from tocds.outreach.models import Event
    from tocds.public.news import _shown

    settings.PUBLIC_MIN_COUNT = 5
    event = make_event(world, name="Ngày hội", is_public=True)
    assert isinstance(event, Event)

    class Figures:
        people_trained, households, people_guided, items = 3, 0, 12, 2

    shown = _shown(Figures)
    assert shown["people_trained"].hidden and not shown["households"].hidden
    assert not shown["people_guided"].hidden and not shown["items"].hidden
