"""Recorded audio of lesson steps (issue 14 §6): the province uploads a step's recording in
Vietnamese or a language of the province to a draft; only Opus or AAC, recognised by its bytes,
and size-capped; text and audio move together through draft → review → published; the lesson
page offers "Nghe" per language with <audio preload="none">; recordings are served with their
content type, byte ranges and a year's cache once published."""

import re
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tocds.conftest import World
from tocds.learning import audio, services
from tocds.learning.content import load_content
from tocds.learning.models import Language, Lesson, LessonVersion, StepAudio, VersionStatus
from tocds.learning.tests.conftest import FIXTURE
from tocds.learning.tests.opus_fixture import FIXTURE as OPUS_FILE
from tocds.learning.tests.opus_fixture import silence

pytestmark = pytest.mark.django_db

OPUS = OPUS_FILE.read_bytes()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft(content, world: World) -> LessonVersion:
    """A draft of the OTP lesson (3 steps), started by the province."""
    lesson = Lesson.objects.get(code="at-otp")
    return services.start_draft(actor=world.province_admin, lesson=lesson)


def upload(client, version, *, position=1, language="tyz", data=OPUS, name="buoc1.ogg"):
    return client.post(
        f"/learn/manage/versions/{version.pk}/recordings/",
        {
            "position": position,
            "language": Language.objects.get(code=language).pk,
            "file": SimpleUploadedFile(name, data, content_type="audio/ogg"),
        },
        follow=True,
    )


def publish(client, version):
    for to in ("review", "published"):
        client.post(f"/learn/manage/versions/{version.pk}/transition/", {"to": to})
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_the_fixture_is_an_ogg_opus_stream_with_valid_page_checksums():
    from tocds.learning.tests.opus_fixture import ogg_crc

    assert silence() == OPUS  # the committed file is what the generator writes
    offset, pages = 0, 0
    while offset < len(OPUS):
        assert OPUS[offset : offset + 4] == b"OggS"
        segments = OPUS[offset + 26]
        body = sum(OPUS[offset + 27 : offset + 27 + segments])
        end = offset + 27 + segments + body
        page = OPUS[offset:end]
        stored = struct.unpack("<I", page[22:26])[0]
        assert ogg_crc(page[:22] + b"\0\0\0\0" + page[26:]) == stored
        offset, pages = end, pages + 1
    assert pages == 3 and audio.sniff(OPUS) == "audio/ogg"


def test_languages_are_data_seeded_with_the_provinces_and_the_province_adds_one(world: World):
    names = list(Language.objects.values_list("name", flat=True))
    assert names == ["Tiếng Việt", "Tiếng Tày", "Tiếng Nùng", "Tiếng H'Mông", "Tiếng Dao"]
    admin = world.client_for("province_admin")
    page = admin.get("/learn/manage/languages/").content.decode()
    assert "Tiếng H&#x27;Mông" in page
    response = admin.post("/learn/manage/languages/", {"code": "sfm", "name": "Tiếng Sán Chay"})
    assert response.status_code == 302
    assert Language.objects.filter(code="sfm", name="Tiếng Sán Chay").exists()
    again = admin.post("/learn/manage/languages/", {"code": "sfm", "name": "Sán Chay"})
    assert "Đã có ngôn ngữ khác dùng mã này." in again.content.decode()


def test_the_province_uploads_a_recording_to_a_draft(draft, world: World):
    admin = world.client_for("province_admin")
    page = admin.get(f"/learn/manage/versions/{draft.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page and "Tải bản ghi âm lên" in page
    response = upload(admin, draft)
    assert "Đã lưu bản ghi âm." in response.content.decode()
    item = StepAudio.objects.get()
    assert (item.version, item.position, item.language.code) == (draft, 1, "tyz")
    assert (item.content_type, item.size) == ("audio/ogg", len(OPUS))
    assert item.file.name.endswith(".ogg") and item.file.read() == OPUS  # through the storage
    assert item.uploaded_by == world.province_admin
    assert "thêm bản ghi âm" in response.content.decode()  # in the version's history
    upload(admin, draft)  # the same step and language again: replaced, not doubled
    assert StepAudio.objects.count() == 1


@pytest.mark.parametrize(
    "data, name",
    [
        (b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb" * 200, "bai.mp3"),  # MP3
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\0" * 200, "bai.ogg"),  # WAV named .ogg
        (b"OggS" + OPUS[4:28] + b"\x01vorbis" + OPUS[36:], "bai.ogg"),  # Ogg, not Opus
        (b"<script>alert(1)</script>", "bai.m4a"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00" + b"moovtrakvide" + b"\0" * 64, "v.mp4"),
    ],
)
def test_a_file_that_is_not_opus_or_aac_is_refused_in_vietnamese(draft, world: World, data, name):
    response = upload(world.client_for("province_admin"), draft, data=data, name=name)
    assert "không phải bản ghi âm Opus (.ogg, .webm) hoặc AAC" in response.content.decode()
    assert not StepAudio.objects.exists()


def test_a_recording_over_the_size_cap_is_refused_in_vietnamese(draft, world: World, settings):
    settings.LEARNING_AUDIO_MAX_BYTES = len(OPUS) - 1
    response = upload(world.client_for("province_admin"), draft)
    assert "Bản ghi âm lớn hơn 0 KB" in response.content.decode()
    assert not StepAudio.objects.exists()
    settings.LEARNING_AUDIO_MAX_BYTES = 2 * 1024 * 1024
    assert (
        "Đã lưu bản ghi âm." in upload(world.client_for("province_admin"), draft).content.decode()
    )


def test_aac_and_webm_opus_are_recognised_by_their_bytes():
    adts = bytes([0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC]) + b"\0" * 9  # one 16-byte frame
    assert audio.sniff(adts) == "audio/aac"
    m4a = b"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00" + b"moovtraksounmp4a" + b"\0" * 32
    assert audio.sniff(m4a) == "audio/mp4"
    webm = (
        b"\x1a\x45\xdf\xa3\x9f\x42\x82\x84webm"
        + b"\x18\x53\x80\x67"
        + b"\x86\x86A_OPUS"
        + b"\0" * 32
    )
    assert audio.sniff(webm) == "audio/webm"
    assert audio.sniff(webm.replace(b"A_OPUS", b"A_VORB")) is None


def test_only_a_draft_takes_recordings_and_a_published_one_never_changes(content, world: World):
    admin = world.client_for("province_admin")
    published = Lesson.objects.get(code="at-otp").published
    page = admin.get(f"/learn/manage/versions/{published.pk}/").content.decode()
    assert "Tải bản ghi âm lên" not in page
    response = upload(admin, published)
    assert "Chỉ thêm bản ghi âm vào bản nháp" in response.content.decode()
    assert not StepAudio.objects.exists()


def test_text_and_audio_move_together_from_draft_to_published_and_on(draft, world: World):
    admin = world.client_for("province_admin")
    upload(admin, draft, position=1, language="tyz")
    upload(admin, draft, position=2, language="vi")
    # Not on the public lesson while the draft is not published.
    assert "<audio" not in Client().get("/learn/safety/at-otp/").content.decode()
    publish(admin, draft)
    page = Client().get("/learn/safety/at-otp/").content.decode()
    assert page.count("<audio") == 2
    # A new draft copies the version's recordings (same files, not copies of the bytes).
    second = services.start_draft(actor=world.province_admin, lesson=draft.lesson)
    copied = {(a.position, a.language.code, a.file.name) for a in second.audio.all()}
    assert copied == {(a.position, a.language.code, a.file.name) for a in draft.audio.all()}
    # Changing step 1's text drops its recording; step 2 moves to position 1 with its own.
    steps = list(second.steps.all())
    services.save_draft(
        actor=world.province_admin,
        version=second,
        title=second.title,
        summary=second.summary,
        minutes=second.minutes,
        can_go_wrong=second.can_go_wrong,
        scam_warnings=second.scam_warnings,
        teach_tips=second.teach_tips,
        steps=[services.StepData(text=s.text) for s in steps[1:]],
    )
    assert [(a.position, a.language.code) for a in second.audio.all()] == [(1, "vi")]
    assert draft.audio.count() == 2  # the published version's recordings never change


def test_a_reload_of_changed_content_files_keeps_the_recordings_of_unchanged_steps(
    draft, world: World, tmp_path
):
    admin = world.client_for("province_admin")
    upload(admin, draft, position=1, language="tyz")
    publish(admin, draft)
    tree = tmp_path / "content"
    import shutil

    shutil.copytree(FIXTURE, tree)
    lesson_file = tree / "lessons" / "safety" / "01-otp.toml"
    lesson_file.write_text(
        lesson_file.read_text(encoding="utf-8").replace("Chỉ gõ mã", "Chỉ nhập mã"),
        encoding="utf-8",
    )
    load_content(tree)
    latest = Lesson.objects.get(code="at-otp").published
    assert latest.pk != draft.pk
    assert [(a.position, a.language.code) for a in latest.audio.all()] == [(1, "tyz")]


def test_the_lesson_page_offers_listening_per_language_with_preload_none(draft, world: World):
    admin = world.client_for("province_admin")
    upload(admin, draft, position=1, language="tyz")
    upload(admin, draft, position=1, language="vi")
    upload(admin, draft, position=3, language="hmn")
    publish(admin, draft)
    page = Client().get("/learn/safety/at-otp/").content.decode()
    audios = re.findall(r"<audio[^>]*>", page)
    assert len(audios) == 3
    assert all('preload="none"' in a and "controls" in a for a in audios)
    assert re.search(r'src="/learn/audio/\d+\?v=\w{12}" data-audio="tyz" lang="tyz"', page)
    options = re.findall(
        r'<option value="(\w+)">([^<]+)</option>',
        page.split('id="listen-lang"')[1].split("</select>")[0],
    )
    assert options == [("vi", "Tiếng Việt"), ("tyz", "Tiếng Tày"), ("hmn", "Tiếng H&#x27;Mông")]
    assert "Nghe bằng" in page and "data-speak" in page  # speech stays the Vietnamese fallback
    # Without recordings the page has no language choice and no <audio>.
    other = Client().get("/learn/public_services/dvc-dang-nhap/").content.decode()
    assert "<audio" not in other and "Nghe bằng" not in other


def test_recordings_are_served_with_their_type_ranges_and_long_caching(draft, world: World):
    admin = world.client_for("province_admin")
    upload(admin, draft)
    item = StepAudio.objects.get()
    url = audio.audio_url(item)
    # A draft's recording: content managers only, never cached.
    assert Client().get(url).status_code == 404
    response = admin.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    publish(admin, draft)
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/ogg"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Accept-Ranges"] == "bytes"
    assert response.content == OPUS
    part = Client().get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-99/{len(OPUS)}"
    assert part.content == OPUS[:100]
    tail = Client().get(url, HTTP_RANGE="bytes=-28")
    assert tail.status_code == 206 and tail.content == OPUS[-28:]
    assert Client().get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert Client().get(f"/learn/audio/{item.pk}")["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize("persona", ["officer_a", "leader", "member", "anonymous"])
def test_only_the_province_uploads_recordings_and_adds_languages(draft, world: World, persona):
    client = world.client_for(persona)
    response = client.post(
        f"/learn/manage/versions/{draft.pk}/recordings/",
        {
            "position": 1,
            "language": Language.objects.get(code="vi").pk,
            "file": OPUS_FILE.open("rb"),
        },
    )
    assert response.status_code in (302, 404)
    if response.status_code == 302:  # the anonymous visitor is sent to sign in
        assert response["Location"].startswith("/accounts/login/")
    client.post("/learn/manage/languages/", {"code": "xyz", "name": "Tiếng X"})
    assert not StepAudio.objects.exists()
    assert not Language.objects.filter(code="xyz").exists()
