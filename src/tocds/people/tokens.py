"""API bearer tokens: issued on sign-in, stored as SHA-256 digests, expiring."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tocds.people.models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user) -> tuple[str, ApiToken]:
    token = secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        digest=_digest(token),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    ApiToken.objects.filter(user=user, expires_at__lt=timezone.now()).delete()
    return token, record


def user_for_token(token: str):
    """The active user the token belongs to, or None (unknown, expired, deactivated)."""
    if not token:
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), expires_at__gt=timezone.now())
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user
