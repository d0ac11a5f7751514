"""Evidence files: JPEG, PNG and PDF by content, size-capped, kept through the storage, read
back only by those who see the initiative."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tocds.initiatives.models import Evidence
from tocds.initiatives.tests.factories import JPEG, PDF, PNG, make_initiative

pytestmark = pytest.mark.django_db


def _upload(client, initiative, name, content, content_type="application/octet-stream"):
    return client.post(
        f"/initiatives/{initiative.pk}/evidence/",
        {"title": "Ảnh buổi ra mắt", "file": SimpleUploadedFile(name, content, content_type)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(JPEG, "image/jpeg"), (PNG, "image/png"), (PDF, "application/pdf")],
)
def test_photos_and_pdfs_are_kept_and_read_back(world, content, content_type):
    initiative = make_initiative(world)
    client = world.client_for("officer_a")
    response = _upload(client, initiative, "anh.bin", content)
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert evidence.content_type == content_type
    assert evidence.size == len(content)
    assert default_storage.exists(evidence.file.name)
    assert "Ảnh buổi ra mắt" in response.content.decode()
    file = client.get(f"/initiatives/evidence/{evidence.pk}/")
    assert file.status_code == 200
    assert file["Content-Type"] == content_type
    assert b"".join(file.streaming_content) == content
    assert (
        world.client_for("officer_b").get(f"/initiatives/evidence/{evidence.pk}/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.jpg", b"<html><script>alert(1)</script></html>"),  # a name is no proof
        ("tai-lieu.pdf", b"PK\x03\x04 a zip, not a PDF"),
        ("trong.png", b""),
    ],
)
def test_other_types_are_refused_by_their_content(world, name, content):
    initiative = make_initiative(world)
    response = _upload(world.client_for("officer_a"), initiative, name, content, "image/jpeg")
    assert not Evidence.objects.exists()
    page = response.content.decode()
    assert (
        "Chỉ nhận ảnh (JPEG, PNG) và tài liệu PDF." in page
        or "Tập tin được gửi là rỗng." in page  # Django's own refusal of an empty file
    )


def test_a_file_over_the_cap_is_refused(world, settings):
    settings.MAX_EVIDENCE_BYTES = 1024
    initiative = make_initiative(world)
    response = _upload(world.client_for("officer_a"), initiative, "lon.png", PNG + b"\x00" * 2000)
    assert not Evidence.objects.exists()
    assert "Tệp quá lớn (tối đa 1,0\xa0KB)." in response.content.decode()


def test_another_communes_officer_cannot_add_evidence(world):
    initiative = make_initiative(world)
    response = world.client_for("officer_b").post(
        f"/initiatives/{initiative.pk}/evidence/",
        {"title": "x", "file": SimpleUploadedFile("a.png", PNG)},
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_an_officer_removes_a_wrong_file_and_its_stored_copy(
    world, django_capture_on_commit_callbacks
):
    initiative = make_initiative(world)
    client = world.client_for("officer_a")
    _upload(client, initiative, "anh.png", PNG)
    evidence = Evidence.objects.get()
    stored = evidence.file.name
    assert (
        world.client_for("officer_b")
        .post(f"/initiatives/evidence/{evidence.pk}/remove/")
        .status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/initiatives/evidence/{evidence.pk}/remove/")
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not default_storage.exists(stored)
    assert Evidence.history.filter(history_type="-").count() == 1
