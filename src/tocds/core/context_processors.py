from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    return {"TEAM_DISPLAY_NAME": settings.TEAM_DISPLAY_NAME}
