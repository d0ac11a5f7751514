"""What every part of the API shares: paging with bounds, and the two ways to sign in (a
bearer token, or the browser's session with its CSRF check)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth

from tocds.people.tokens import user_for_token


class Pages(LimitOffsetPagination):
    """Limit/offset paging with bounds the database can hold (and a client should need)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=10_000_000)

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=500, **kwargs)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# 400: a request with a NUL character, refused by core.middleware.RejectNulBytesMiddleware.


class SignedInSession(SessionAuth):
    """The browser's session (the field app), with Django's CSRF check — only once there is a
    signed-in session to protect: an anonymous call is answered 401 "sign in first", not a CSRF
    refusal, and a refusal is worded for people."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError as error:
            raise HttpError(
                403, _("The request lacks its security token: reload the page and try again.")
            ) from error


AUTH = [BearerToken(), SignedInSession()]
