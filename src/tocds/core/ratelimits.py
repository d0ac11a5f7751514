"""The key public endpoints are rate-limited by (django-ratelimit's `key=`)."""

from django.http import HttpRequest


def client_address(group: str, request: HttpRequest) -> str:
    """The client's address (behind a proxy, configure it to set REMOTE_ADDR); a request
    without one shares a single bucket rather than failing."""
    return request.META.get("REMOTE_ADDR") or "unknown"
