"""A per-account slowdown against password spraying.

django-axes locks an account *from one address* after `AXES_FAILURE_LIMIT` failures, so a
stranger who types wrong passwords locks only themselves out, never the owner signing in from
their own phone. Spraying one account from many addresses is slowed here instead: after
`SIGNIN_SLOWDOWN_AFTER` failures on the account (from anywhere, within `SIGNIN_SLOWDOWN_WINDOW`
seconds) each new attempt must wait 2, 4, 8 … up to 60 seconds after the previous failure. The
owner is slowed, never locked; a successful sign-in clears the count. Counts live in the shared
cache (Redis in production), keyed by a hash of the account name.
"""

import hashlib
import math
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

MAX_WAIT = 60


def _key(account: str) -> str:
    return "signin-failures:" + hashlib.sha256(account.encode()).hexdigest()[:32]


def record_failure(account: str) -> None:
    key, window = _key(account), settings.SIGNIN_SLOWDOWN_WINDOW
    count, _last = cache.get(key, (0, 0.0))
    cache.set(key, (count + 1, time.time()), timeout=window)


def clear(account: str) -> None:
    cache.delete(_key(account))


def wait_seconds(account: str) -> int:
    """How long the next attempt on the account must wait (0: go ahead)."""
    count, last = cache.get(_key(account), (0, 0.0))
    over = count - settings.SIGNIN_SLOWDOWN_AFTER
    if over < 0:
        return 0
    delay = min(MAX_WAIT, 2 ** (over + 1))
    return max(0, math.ceil(last + delay - time.time()))


def _account(request, credentials: dict | None) -> str:
    from tocds.people.auth import axes_username

    return axes_username(request, credentials) if request is not None else ""


@receiver(user_login_failed)
def _count_failure(sender, credentials=None, request=None, **kwargs) -> None:
    account = _account(request, credentials)
    if account:
        record_failure(account)


@receiver(user_logged_in)
def _forget_failures(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:
        clear(user.get_username())
