from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Vietnamese first: the language is Vietnamese unless the user chose another one.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: an officer whose
    phone is set to English still gets the Vietnamese interface until they switch (the choice is
    kept in the language cookie set by Django's `set_language` view).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class ApiBodyLimitMiddleware:
    """Answer an API request whose body is over `DATA_UPLOAD_MAX_MEMORY_SIZE` with a JSON 413
    the field app can show, before anything reads the body (Django would answer its HTML 400
    page). A sync batch of 500 visits is about 0.5 MB; the limit is 5 MB."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and length > limit:
                message = _("The request is too large: send at most %(mb)d MB at a time.") % {
                    "mb": limit // (1024 * 1024)
                }
                return JsonResponse({"detail": message}, status=413)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        """A body without a length that turns out too large (chunked): the same answer."""
        if request.path.startswith("/api/") and isinstance(exception, RequestDataTooBig):
            message = _("The request is too large: send at most %(mb)d MB at a time.") % {
                "mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            }
            return JsonResponse({"detail": message}, status=413)
        return None


class RejectNulBytesMiddleware:
    """Answer 400 to requests carrying a NUL character in the path, the query or a form/JSON body.

    No text field can hold one (PostgreSQL refuses them outright), so such a request can only
    be a probe; refusing it here keeps every view, API filter and lookup from failing with a 500.
    File uploads (multipart) are binary and are not inspected. Nor is the body of a sync batch:
    the sync service answers a record holding a NUL `invalid` on its own, so one bad record
    never fails the others (RELIABILITY.md).
    """

    _TEXT_BODIES = ("application/x-www-form-urlencoded", "application/json")
    _RECORD_BY_RECORD = ("/api/v1/sync/",)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            message = _("The request contains characters that are not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)

    def _carries_nul(self, request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.content_type in self._TEXT_BODIES and not request.path.startswith(
            self._RECORD_BY_RECORD
        ):
            body = request.body
            return b"\x00" in body or b"%00" in body or b"\\u0000" in body
        return False


class PrivateCacheMiddleware:
    """Every answer to a signed-in user (a session or an API token) says `Cache-Control:
    private, no-store`: pages and API answers carry names and phones, and no shared proxy or
    browser cache on a shared phone may keep them. Answers a view marked `public` (published
    lesson pictures) keep their own header; static files never reach here (WhiteNoise answers
    them first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META
        if signed_in and "public" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        return response
