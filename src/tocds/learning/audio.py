"""Recorded audio of lesson steps (issue 14 §6): Vietnamese and the province's languages.

A recording belongs to a lesson version (`StepAudio`), so text and audio move together through
draft → review → published: it is added or removed only on a draft, a new draft copies the
recordings of the version it starts from, publishing publishes both, and a published version's
recordings never change. Each one remembers the text of the step it was recorded for
(`text_digest`): when an editor changes a step, its recordings no longer fit and are dropped.

Uploads go through Django's `default` storage, named by their SHA-256 (the same recording
uploaded twice is stored once). Only Opus (in Ogg or WebM) and AAC (in MP4/M4A or raw ADTS)
are accepted, recognised by their bytes, never by the name or the browser's content type,
and at most `settings.LEARNING_AUDIO_MAX_BYTES` each.
"""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from tocds.core.history import stamp
from tocds.core.numbers import number
from tocds.learning.models import Language, LessonVersion, StepAudio, VersionStatus
from tocds.people.scoping import Perm, require_perm_at

VIETNAMESE = "vi"  # read by the phone's own voice when a step has no recording
# Published and superseded versions are public and never change.
PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
EXTENSIONS = {"audio/ogg": "ogg", "audio/webm": "webm", "audio/mp4": "m4a", "audio/aac": "aac"}
MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"iso5", b"iso6", b"dash"}


def text_digest(text: str) -> str:
    return hashlib.sha256((text or "").strip().encode()).hexdigest()


# Recognising the format from the bytes ------------------------------------------------------


def _ebml_has(data: bytes, element_id: bytes, value: bytes) -> bool:
    """Whether an EBML element (`id`, a one-byte size, `value`) occurs in the header bytes."""
    return element_id + bytes([0x80 | len(value)]) + value in data


def sniff(data: bytes) -> str | None:
    """The content type of an Opus or AAC recording, from its bytes; None for anything else."""
    head = data[:4096]
    if head.startswith(b"OggS"):
        # The first page holds one packet: the Opus identification header "OpusHead".
        segments = head[26] if len(head) > 26 else 0
        start = 27 + segments
        return "audio/ogg" if head[start : start + 8] == b"OpusHead" else None
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: Matroska or WebM
        webm = _ebml_has(head, b"\x42\x82", b"webm")  # DocType "webm"
        opus = _ebml_has(data[:65536], b"\x86", b"A_OPUS")  # CodecID
        video = b"V_VP" in data[:65536] or b"V_AV1" in data[:65536]
        return "audio/webm" if webm and opus and not video else None
    if head[4:8] == b"ftyp" and head[8:12] in MP4_AUDIO_BRANDS:
        # An MP4 container with an AAC ("mp4a") sound track and no video track.
        if b"mp4a" in data and b"soun" in data and b"vide" not in data:
            return "audio/mp4"
        return None
    if len(head) > 7 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        # ADTS: the 12-bit sync word, layer 00; the frame's length must fit in the file.
        frame = ((head[3] & 0x03) << 11) | (head[4] << 3) | (head[5] >> 5)
        return "audio/aac" if 7 <= frame <= len(data) else None
    return None


def max_bytes() -> int:
    return settings.LEARNING_AUDIO_MAX_BYTES


def _read_upload(upload) -> bytes:
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_too_big(limit))
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_too_big(limit))
    if not data:
        raise ValidationError(_("The file is empty."))
    return data


def _too_big(limit: int) -> str:
    return _("The recording is larger than %(kb)s KB: record it shorter or compress it more.") % {
        "kb": number(limit // 1024)
    }


# Writes -------------------------------------------------------------------------------------


def _draft(version: LessonVersion) -> LessonVersion:
    version = LessonVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_editable:
        raise ValidationError(
            _("Recordings are added to a draft; a published version never changes.")
        )
    return version


@transaction.atomic
def add_recording(
    *, actor, version: LessonVersion, position: int, language: Language, upload
) -> StepAudio:
    """Keep a recording of step `position` of a draft in `language` (replacing the one there)."""
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    version = _draft(version)
    step = version.steps.filter(position=position).first()
    if step is None:
        raise ValidationError({"position": _("This lesson has no such step.")})
    data = _read_upload(upload)
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError(
            {
                "file": _(
                    "This file is not an Opus (.ogg, .webm) or AAC (.m4a, .aac) recording: "
                    "record it again or convert it."
                )
            }
        )
    digest = hashlib.sha256(data).hexdigest()
    name = f"learning/audio/{digest[:2]}/{digest}.{EXTENSIONS[content_type]}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    version.audio.filter(position=position, language=language).delete()
    audio = StepAudio(
        version=version,
        position=position,
        language=language,
        content_type=content_type,
        size=len(data),
        digest=digest,
        text_digest=text_digest(step.text),
        uploaded_by=actor,
    )
    audio.file.name = name
    audio.save()
    stamp(version, actor=actor, reason="recording added")
    version.save(update_fields=["status"])  # a history row: what changed and who
    return audio


@transaction.atomic
def remove_recording(*, actor, audio: StepAudio) -> None:
    """Take a recording out of a draft (the stored file stays: other versions may use it)."""
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    version = _draft(audio.version)
    audio.delete()
    stamp(version, actor=actor, reason="recording removed")
    version.save(update_fields=["status"])


def copy_recordings(source: LessonVersion | None, target: LessonVersion) -> int:
    """Give `target` the recordings of `source` for the steps whose text did not change (at
    their new position). Called when a draft starts from a version and when the content files
    make a new version of a lesson."""
    if source is None:
        return 0
    positions = {text_digest(s.text): s.position for s in target.steps.all()}
    copies = []
    for audio in source.audio.all():
        position = positions.get(audio.text_digest)
        if position is not None:
            copies.append(
                StepAudio(
                    version=target,
                    position=position,
                    language_id=audio.language_id,
                    file=audio.file.name,
                    content_type=audio.content_type,
                    size=audio.size,
                    digest=audio.digest,
                    text_digest=audio.text_digest,
                    uploaded_by_id=audio.uploaded_by_id,
                    uploaded_at=audio.uploaded_at,
                )
            )
    StepAudio.objects.bulk_create(copies, ignore_conflicts=True)
    return len(copies)


def follow_steps(version: LessonVersion) -> int:
    """After a draft's steps were saved: each recording moves with its step's text; one whose
    text changed or went is dropped. Returns how many were dropped."""
    positions = {text_digest(s.text): s.position for s in version.steps.all()}
    dropped = 0
    audios = list(version.audio.all())
    kept = []
    taken = set()
    for audio in audios:
        position = positions.get(audio.text_digest)
        if position is None or (position, audio.language_id) in taken:
            audio.delete()  # its step's text changed (or a twin step already has one)
            dropped += 1
        else:
            taken.add((position, audio.language_id))
            kept.append((audio, position))
    # Two passes: positions are unique per language, so park them out of the way first.
    for audio, _position in kept:
        audio.position = 1000 + audio.position
        audio.save(update_fields=["position"])
    for audio, position in kept:
        audio.position = position
        audio.save(update_fields=["position"])
    return dropped


@transaction.atomic
def add_language(*, actor, code: str, name: str) -> Language:
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    errors = {}
    if Language.objects.filter(code=code).exists():
        errors["code"] = _("Another language has this code.")
    if Language.objects.filter(name__iexact=name).exists():
        errors["name"] = _("Another language has this name.")
    if errors:
        raise ValidationError(errors)
    position = (Language.objects.order_by("-position").values_list("position", flat=True).first()
                or 0) + 1  # fmt: skip
    language = Language(code=code, name=name, position=position)
    stamp(language, actor=actor, reason="created")
    language.save()
    return language


# Reads --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recording:
    url: str
    language: Language
    content_type: str


def audio_url(audio: StepAudio) -> str:
    from django.urls import reverse

    return f"{reverse('learning:audio', args=[audio.pk])}?v={audio.digest[:12]}"


def recordings_by_step(version: LessonVersion) -> tuple[list[Language], dict[int, list]]:
    """The languages a version is recorded in (in their order) and, per step position, its
    recordings."""
    by_step: dict[int, list[Recording]] = {}
    languages: dict[int, Language] = {}
    for audio in version.audio.select_related("language").order_by(
        "position", "language__position"
    ):
        languages[audio.language_id] = audio.language
        by_step.setdefault(audio.position, []).append(
            Recording(audio_url(audio), audio.language, audio.content_type)
        )
    ordered = sorted(languages.values(), key=lambda lang: (lang.position, lang.name))
    return ordered, by_step


def listen_options(languages: list[Language]) -> list[tuple[str, str]]:
    """The choices of "Nghe": Vietnamese first (recorded, or read by the phone's voice), then
    the languages the version is recorded in."""
    vietnamese = next((lang for lang in languages if lang.code == VIETNAMESE), None)
    if vietnamese is None:
        vietnamese = Language.objects.filter(code=VIETNAMESE).first()
    name = vietnamese.name if vietnamese else _("Vietnamese")
    return [(VIETNAMESE, name), *[(lang.code, lang.name) for lang in languages
                                  if lang.code != VIETNAMESE]]  # fmt: skip


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) bytes of a single `Range: bytes=a-b` header, None when absent or not
    satisfiable as one range (the whole file is sent then)."""
    match = RANGE.match(header.strip()) if header else None
    if not match or (not match[1] and not match[2]):
        return None
    if match[1]:
        first = int(match[1])
        last = min(int(match[2]), size - 1) if match[2] else size - 1
    else:  # the last N bytes
        first = max(size - int(match[2]), 0)
        last = size - 1
    if first > last or first >= size:
        return None
    return first, last
