"""Deployment checks of our own, run by `tocds check --deploy`."""

import os

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs) -> list[Warning]:
    """Several servers must share one key: a key generated into var/ is for one machine only."""
    if os.environ.get("SECRET_KEY") or settings.DEBUG:
        return []
    return [
        Warning(
            "SECRET_KEY is not set in the environment; a key generated into "
            f"{settings.VAR_DIR} is used, which other servers do not share.",
            hint="Set SECRET_KEY (a long random value) in production.",
            id="tocds.W001",
        )
    ]
