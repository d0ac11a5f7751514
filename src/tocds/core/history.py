"""Who changed an official record, and why: stamped on the instance before it is saved.

django-simple-history writes the historical row; in a web request its middleware knows the
user, but services are also called from commands and the API, so they stamp the actor here.
"""

from django.db import models


def stamp(instance: models.Model, *, actor, reason: str = "") -> models.Model:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
    return instance
