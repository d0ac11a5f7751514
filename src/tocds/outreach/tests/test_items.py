"""The communication log through its pages: who logs and reads which items, the province's
public-news mark, links and files."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tocds.outreach import services
from tocds.outreach.models import Item
from tocds.outreach.queries import public_news
from tocds.outreach.tests.factories import (
    commune_item,
    language,
    log_item,
    loudspeaker,
    newspaper,
)
from tocds.people.models import Organisation, OrganisationKind, Role, RoleGrant

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def other_outlet(w):
    return Organisation.objects.create(
        name="Đài Phát thanh - Truyền hình mẫu", kind=OrganisationKind.MEDIA, place=w.province
    )


def item_post(w, outlet, place, **overrides):
    data = {
        "kind": "news",
        "title": "Người dân Hòa An dùng VNeID",
        "summary": "Tổ CĐS hướng dẫn bà con.",
        "published_on": "2026-10-05",
        "outlet": outlet.pk,
        "place": place.pk,
        "language": language().pk,
        "link": "https://baocaobang.vn/bai-mau",
        "reach": "1200",
        "reach_unit": "views",
    }
    data.update(overrides)
    return data


def test_a_media_editor_logs_an_item_of_their_outlet_through_the_page(world):
    client = world.client_for("media")
    form = client.get("/outreach/items/new/").content.decode()
    assert "Báo mẫu" in form
    assert "Đài truyền thanh" not in form  # no commune outlet is offered to an editor
    response = client.post(
        "/outreach/items/new/",
        item_post(world, newspaper(world), world.commune_a, places=[world.hamlet_a1.pk]),
    )
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/outreach/items/{item.pk}/"
    assert (item.outlet, item.place, item.reach, item.created_by) == (
        newspaper(world),
        world.commune_a,
        1200,
        world.media,
    )
    assert list(item.places.all()) == [world.hamlet_a1]
    assert item.history.first().history_change_reason == "created"


def test_a_media_editor_sees_only_their_outlets_items(world):
    own = log_item(world, title="Bài của báo")
    other = log_item(
        world, actor=world.province_admin, outlet=other_outlet(world), title="Bản tin truyền hình"
    )
    commune = commune_item(world)
    client = world.client_for("media")
    assert client.get(f"/outreach/items/{own.pk}/").status_code == 200
    assert client.get(f"/outreach/items/{other.pk}/").status_code == 404
    assert client.get(f"/outreach/items/{commune.pk}/").status_code == 404
    page = client.get("/outreach/").content.decode()
    assert "Bài của báo" in page
    assert "Bản tin truyền hình" not in page and commune.title not in page


def test_a_media_editor_cannot_log_for_another_outlet(world):
    outlet = other_outlet(world)
    with pytest.raises(PermissionDenied):
        log_item(world, outlet=outlet)
    response = world.client_for("media").post(
        "/outreach/items/new/", item_post(world, outlet, world.province)
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not Item.objects.exists()


def test_a_media_editor_without_an_outlet_on_the_grant_logs_nothing(world):
    from tocds.conftest import make_user

    editor = make_user("editor-without-outlet")
    RoleGrant.objects.create(user=editor, role=Role.MEDIA_EDITOR, place=world.province)
    client = world.client_for("province_admin")
    client.force_login(editor)
    assert client.get("/outreach/").status_code == 404
    assert client.get("/outreach/items/new/").status_code == 404


def test_a_commune_sees_only_its_own_items(world):
    own = commune_item(world, "commune_a")
    other = commune_item(world, "commune_b")
    client = world.client_for("officer_a")
    assert client.get(f"/outreach/items/{own.pk}/").status_code == 200
    assert client.get(f"/outreach/items/{other.pk}/").status_code == 404
    assert client.get(f"/outreach/items/{other.pk}/edit/").status_code == 404
    page = client.get("/outreach/").content.decode()
    assert own.title in page and other.title not in page


def test_a_commune_logs_with_its_own_or_the_provinces_outlets_only(world):
    item = log_item(world, actor=world.officer_a, place=world.commune_a, title="Báo tỉnh viết")
    assert item.outlet == newspaper(world)
    with pytest.raises(ValidationError) as refused:
        log_item(
            world, actor=world.officer_a, outlet=loudspeaker(world.commune_b), place=world.commune_a
        )
    assert "outlet" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        log_item(
            world, actor=world.officer_a, outlet=loudspeaker(world.commune_b), place=world.commune_b
        )


def test_the_province_sees_every_item(world):
    items = [log_item(world), commune_item(world, "commune_a"), commune_item(world, "commune_b")]
    for persona in ("province_admin", "dost"):
        client = world.client_for(persona)
        page = client.get("/outreach/").content.decode()
        for item in items:
            assert item.title in page, persona
            assert client.get(f"/outreach/items/{item.pk}/").status_code == 200


def test_the_department_reads_but_does_not_log(world):
    client = world.client_for("dost")
    assert client.get("/outreach/items/new/").status_code == 404
    assert client.get("/outreach/events/new/").status_code == 404


def test_only_the_province_marks_an_item_as_public_news(world):
    item = commune_item(world)
    for persona in ("officer_a", "media", "officer_b"):
        response = world.client_for(persona).post(
            f"/outreach/items/{item.pk}/publish/", {"public": "1"}
        )
        assert response.status_code == 404, persona
    with pytest.raises(PermissionDenied):
        services.set_public(actor=world.officer_a, item=item, public=True)
    assert not public_news().exists()
    client = world.client_for("dost")
    assert (
        f"/outreach/items/{item.pk}/publish/"
        in client.get(f"/outreach/items/{item.pk}/").content.decode()
    )
    assert client.post(f"/outreach/items/{item.pk}/publish/", {"public": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.is_public and item.published_at is not None
    assert list(public_news()) == [item]
    assert (
        world.client_for("province_admin")
        .post(f"/outreach/items/{item.pk}/publish/", {"public": "0"})
        .status_code
        == 302
    )
    item.refresh_from_db()
    assert (item.is_public, item.published_at) == (False, None)
    reasons = [h.history_change_reason for h in item.history.order_by("history_id")]
    assert reasons == ["created", "made public", "made private"]


def test_public_news_lists_the_newest_first_with_the_outlet(world):
    older = log_item(world, title="Cũ")
    newer = log_item(world, title="Mới")
    services.set_public(actor=world.province_admin, item=older, public=True)
    services.set_public(actor=world.province_admin, item=newer, public=True)
    news = list(public_news())
    assert news == [newer, older]
    assert news[0].outlet.name == "Báo mẫu"


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x", "//evil.example"]
)
def test_a_link_other_than_http_or_https_is_refused(world, link):
    response = world.client_for("media").post(
        "/outreach/items/new/", item_post(world, newspaper(world), world.province, link=link)
    )
    assert response.status_code == 200
    assert not Item.objects.exists()


def test_a_file_is_checked_by_its_content_and_served_only_to_those_who_see_the_item(world):
    client = world.client_for("officer_a")
    outlet = loudspeaker(world.commune_a)
    fake = SimpleUploadedFile("photo.png", b"<html>not a photo</html>", "image/png")
    response = client.post(
        "/outreach/items/new/", {**item_post(world, outlet, world.commune_a), "file": fake}
    )
    assert response.status_code == 200
    assert "Chỉ nhận ảnh (JPEG, PNG) và tài liệu PDF." in response.content.decode()
    assert not Item.objects.exists()
    photo = SimpleUploadedFile("anything.exe", PNG, "application/octet-stream")
    response = client.post(
        "/outreach/items/new/", {**item_post(world, outlet, world.commune_a), "file": photo}
    )
    item = Item.objects.get()
    assert (item.content_type, item.size) == ("image/png", len(PNG))
    assert item.file.name.endswith(".png")
    served = client.get(f"/outreach/items/{item.pk}/file/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG
    assert world.client_for("officer_b").get(f"/outreach/items/{item.pk}/file/").status_code == 404
    assert world.client_for("media").get(f"/outreach/items/{item.pk}/file/").status_code == 404


def test_a_file_over_the_limit_is_refused(world, settings):
    settings.MAX_EVIDENCE_BYTES = 100
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * 200, "image/png")
    response = world.client_for("officer_a").post(
        "/outreach/items/new/",
        {**item_post(world, loudspeaker(world.commune_a), world.commune_a), "file": big},
    )
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.content.decode()
    assert not Item.objects.exists()


def test_removing_a_file_takes_it_off_the_storage(world, django_capture_on_commit_callbacks):
    item = commune_item(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_item(
            actor=world.officer_a,
            item=item,
            details=_details_of(item),
            upload=SimpleUploadedFile("a.png", PNG, "image/png"),
        )
    item.refresh_from_db()
    stored = item.file.name
    assert item.file.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_item(
            actor=world.officer_a, item=item, details=_details_of(item), remove_file=True
        )
    item.refresh_from_db()
    assert not item.file and not item.file.storage.exists(stored)


def _details_of(item):
    return services.ItemDetails(
        kind=item.kind,
        outlet=item.outlet,
        title=item.title,
        published_on=item.published_on,
        place=item.place,
        language=item.language,
    )


def test_an_item_dated_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        commune_item(world, published_on=date(2999, 1, 1))
    assert "published_on" in refused.value.message_dict


def test_the_list_filters_by_kind_outlet_commune_month_and_language(world):
    a = commune_item(world, title="Loa xã A tháng 10", lang="tyz")
    b = log_item(world, title="Báo tháng 9", published_on=date(2026, 9, 20))
    client = world.client_for("province_admin")

    def titles(query):
        page = client.get(f"/outreach/?{query}").content.decode()
        return {t for t in (a.title, b.title) if t in page}

    assert titles("kind=loudspeaker") == {a.title}
    assert titles(f"outlet={b.outlet_id}") == {b.title}
    assert titles(f"commune={world.commune_a.code}") == {a.title}
    assert titles("month=2026-09") == {b.title}
    assert titles(f"language={language('tyz').pk}") == {a.title}
    assert titles("month=garbage") == {a.title, b.title}


def test_a_media_editor_lands_on_their_outlets_items(world):
    response = world.client_for("media").get("/")
    assert response.status_code == 302 and response["Location"] == "/outreach/"
