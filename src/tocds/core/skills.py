"""The 5 basic digital skills of directive 2521 (D1.1), shared by campaigns, lessons, trainings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Skill(models.TextChoices):
    PUBLIC_SERVICES = "public_services", _("Using online public services")
    SHOPPING = "shopping", _("Buying and selling online")
    PAYMENT = "payment", _("Paying online")
    SAFETY = "safety", _("Staying safe online")
    PLATFORMS = "platforms", _("Using other digital platforms")
    OTHER = "other", _("Other")
