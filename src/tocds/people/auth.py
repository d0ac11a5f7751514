"""Sign in with a username or a Vietnamese phone number."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tocds.people.phones import looks_like_phone, normalise_phone


def find_login_user(login: str):
    """The user a login name points at (username first, then phone), or None."""
    User = get_user_model()
    login = (login or "").strip()
    if not login:
        return None
    user = User.objects.filter(username__iexact=login).first()
    if user is None and looks_like_phone(login):
        try:
            phone = normalise_phone(login)
        except ValidationError:
            return None
        user = User.objects.filter(phone=phone).first()
    return user


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username=None, password=None, **kwargs):
        user = find_login_user(username or kwargs.get(get_user_model().USERNAME_FIELD, ""))
        if user is None:
            # Spend the time of a hash so that unknown logins are not told apart by timing.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account a login attempt targets, for django-axes' lockout.

    "OFFICER-A", "0912 345 678" and "+84912345678" are one account: failures count together
    whatever spelling is typed. Unknown logins are counted under their folded spelling.
    """
    login = (credentials or {}).get("username") or request.POST.get("username", "")
    user = find_login_user(login)
    return user.get_username() if user is not None else login.strip().casefold()
