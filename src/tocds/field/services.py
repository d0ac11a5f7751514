"""What the field app's shell, manifest and service worker are made of.

The service worker precaches the shell page and the static files listed in `ASSETS`. Its cache
name carries a version computed from those files' contents (and the worker's own template), so
a deploy that changes any of them changes the worker's bytes, the browser installs the new
worker, and the old cache is dropped.
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse

# Static files of the app shell, in the order the page loads them.
ASSETS = (
    "field/field.css",
    "field/outbox.js",
    "field/field.js",
    "field/icon.svg",
    "field/icon-maskable.svg",
)


def _asset_bytes(name: str) -> bytes:
    path = finders.find(name)
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(name) as handle:  # collected, finders off in production
        return handle.read()


@lru_cache(maxsize=1)
def _version_cached() -> str:
    return _compute_version()


def _compute_version() -> str:
    digest = hashlib.sha256()
    for name in ASSETS:
        digest.update(static(name).encode())
        digest.update(_asset_bytes(name))
    template = get_template("field/sw.js").template.source  # type: ignore[attr-defined]
    digest.update(template.encode())
    return digest.hexdigest()[:16]


def shell_version() -> str:
    """The version of the shell's assets (recomputed on each call under DEBUG)."""
    return _compute_version() if settings.DEBUG else _version_cached()


def precache_urls() -> list[str]:
    """Everything the app needs to open with no network: the shell and its assets."""
    return [
        reverse("field:shell"),
        reverse("field:manifest"),
        *(static(name) for name in ASSETS),
    ]


def manifest(*, name: str, short_name: str, description: str, language: str) -> dict:
    """The web app manifest (installable on Android's home screen)."""
    shell = reverse("field:shell")
    return {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": language,
        "id": shell,
        "start_url": shell,
        "scope": shell,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5c3b",
        "icons": [
            {
                "src": static("field/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            },
            {
                "src": static("field/icon-maskable.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "maskable",
            },
        ],
    }
