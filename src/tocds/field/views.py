"""The offline field app: its shell page, web app manifest, service worker and session probe.

Everything else the app does happens in the browser (static/field/*.js) against the API:
`/api/v1/field/*`, `/api/v1/services` and `POST /api/v1/sync/visits`."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tocds.field import services
from tocds.field.texts import client_texts
from tocds.people.scoping import Perm, require_perm_anywhere

# What the app keeps for offline use (IndexedDB's `ref` store), by key: the shell page loads it,
# and so does the service worker when it is installed from another page of the site.
REFERENCE_URLS = {
    "assignments": "/api/v1/field/assignments",
    "hamlets": "/api/v1/field/hamlets",
    "services": "/api/v1/services",
}


@login_required
@require_GET
def shell(request: HttpRequest) -> HttpResponse:
    """The app shell: the whole app in one page, cached by the service worker for offline use.

    Only users who may record visits (team members, leaders) get it; it carries the CSRF token,
    so the browser's HTTP cache must not keep it (the service worker keeps its own copy)."""
    require_perm_anywhere(request.user, Perm.RECORD_VISITS)
    config = {
        "user": request.user.pk,
        "csrf": get_token(request),
        "version": services.shell_version(),
        "urls": {
            "sw": reverse("field:service_worker"),
            "scope": reverse("field:shell"),
            "session": reverse("field:session"),
            "login": f"{reverse('login')}?next={reverse('field:shell')}",
            "logout": reverse("logout"),
            **REFERENCE_URLS,
            "visits": "/api/v1/field/visits",
            "sync": "/api/v1/sync/visits",
        },
    }
    response = render(
        request, "field/shell.html", {"field_config": config, "field_text": client_texts()}
    )
    add_never_cache_headers(response)
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    body = services.manifest(
        name=_("Field app · %(team)s") % {"team": settings.TEAM_DISPLAY_NAME},
        short_name=_("Field visits"),
        description=_("Record household visits, also with no connection."),
        language=get_language() or settings.LANGUAGE_CODE,
    )
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /field/ so that its scope is the app.

    No HTTP caching: the browser must see a new version as soon as it is deployed."""
    version = services.shell_version()
    script = render_to_string(
        "field/sw.js",
        {
            "version_json": json.dumps(version),
            "precache_json": json.dumps(services.precache_urls()),
            "shell_json": json.dumps(reverse("field:shell")),
            "session_json": json.dumps(reverse("field:session")),
            "sync_json": json.dumps("/api/v1/sync/visits"),
            "outbox_json": json.dumps(static("field/outbox.js")),
            "reference_json": json.dumps(REFERENCE_URLS),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    add_never_cache_headers(response)
    response["Service-Worker-Allowed"] = reverse("field:shell")
    return response


@require_GET
def session(request: HttpRequest) -> JsonResponse:
    """Is the phone still signed in, and a fresh CSRF token for sending (JSON, never a redirect:
    the app calls it from scripts)."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Sign in again to send.")}, status=401)
    require_perm_anywhere(request.user, Perm.RECORD_VISITS)
    response = JsonResponse({"user": request.user.pk, "csrf": get_token(request)})
    add_never_cache_headers(response)
    return response
