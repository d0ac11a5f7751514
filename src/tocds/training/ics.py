"""Sessions as iCalendar (RFC 5545) files that a phone adds to its calendar."""

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from tocds.training.models import Session


def calendar_of(request: HttpRequest, sessions: Iterable[Session]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//tocds//training//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    host = request.get_host().split(":")[0] or "tocds"
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"training-session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", str(session))
        location = session.venue or session.online_url
        if location:
            event.add("location", location)
        url = request.build_absolute_uri(reverse("training:session_detail", args=[session.pk]))
        event.add("url", url)
        lines = [session.course.title]
        if session.online_url:
            lines.append(session.online_url)
        if session.trainer_name:
            lines.append(session.trainer_name)
        event.add("description", "\n".join(lines))
        event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar


def response(request: HttpRequest, sessions: Iterable[Session], filename: str) -> HttpResponse:
    body = calendar_of(request, sessions).to_ical()
    result = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    result["Cache-Control"] = "no-store"
    return result
