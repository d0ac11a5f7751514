import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocds.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load now what Django loads on a worker's first request (every view module through the
    URLconf, the translation catalogues), so that no phone waits for it; then keep all of it,
    which lives as long as the worker, out of the garbage collector's full passes (they would
    otherwise walk the whole of Django on a busy worker, tens of milliseconds each)."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports every URL module and view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("tocds")
    gc.freeze()


_warm_up()
