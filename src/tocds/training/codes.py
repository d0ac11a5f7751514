"""Check-in codes shown as a QR code by the trainer.

A code is the session's id and the moment it was shown, signed with the site's secret (Django's
`Signer`, its own salt). The trainer's screen shows a fresh code every `REFRESH_SECONDS`; a code
is taken for `LIFETIME` after it was shown (time to scan and, without an account, type a phone
number), only between `OPENS_BEFORE` the start and `GRACE` after the end of its own session.
So a photo of the code sent to someone at home stops working within minutes, a code of one
session is refused at another, and every code dies with its session.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import segno
from django.core import signing
from django.utils import timezone

SALT = "tocds.training.checkin"
LIFETIME = timedelta(minutes=10)
REFRESH_SECONDS = 60
GRACE = timedelta(minutes=15)
OPENS_BEFORE = timedelta(minutes=30)


class CodeState(StrEnum):
    VALID = "valid"
    INVALID = "invalid"  # not a code of ours (forged, damaged, truncated)
    WRONG_SESSION = "wrong_session"  # a code of another session
    NOT_OPEN = "not_open"  # shown before check-in opens (cannot happen with our screen)
    EXPIRED = "expired"  # the session is over (end + grace)
    REPLAYED = "replayed"  # shown too long ago: a photo passed on, not the screen in the room


@dataclass(frozen=True)
class CheckInWindow:
    opens_at: datetime
    closes_at: datetime


def window(session) -> CheckInWindow:
    return CheckInWindow(session.starts_at - OPENS_BEFORE, session.ends_at + GRACE)


def make_code(session, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    return signing.Signer(salt=SALT).sign_object(
        {"s": session.pk, "t": int(now.timestamp())}, compress=True
    )


def code_state(session, code: str, *, now: datetime | None = None) -> CodeState:
    now = now or timezone.now()
    try:
        payload = signing.Signer(salt=SALT).unsign_object(code or "")
        session_id, shown = int(payload["s"]), int(payload["t"])
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return CodeState.INVALID
    if session_id != session.pk:
        return CodeState.WRONG_SESSION
    opens = window(session)
    if now > opens.closes_at:
        return CodeState.EXPIRED
    if now < opens.opens_at:
        return CodeState.NOT_OPEN
    if now.timestamp() - shown > LIFETIME.total_seconds() or shown > now.timestamp() + 60:
        return CodeState.REPLAYED
    return CodeState.VALID


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline SVG element (no XML declaration, no inline style)."""
    return segno.make(url, error="m").svg_inline(
        scale=6, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr"
    )
