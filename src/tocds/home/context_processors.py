from django.conf import settings
from django.http import HttpRequest

from tocds.notifications.queries import unread_count
from tocds.people.scoping import Perm, has_perm_anywhere, organisations_for, scope_for


def site(request: HttpRequest) -> dict:
    """The team display name, which sections the navigation offers to this user, and the
    count of their unread notifications (the bell)."""
    user = getattr(request, "user", None)
    nav = {}
    unread = 0
    if user is not None and user.is_authenticated:
        unread = unread_count(user)  # the bell's count: one query, signed-in users only
        nav = {
            # The field app, one tap away for whoever records visits for a team.
            "field": bool(scope_for(user, Perm.RECORD_VISITS).team_ids),
            "places": bool(scope_for(user, Perm.VIEW_TEAMS).paths),
            "teams": has_perm_anywhere(user, Perm.VIEW_TEAMS),
            "users": has_perm_anywhere(user, Perm.MANAGE_USERS),
            "jobs": has_perm_anywhere(user, Perm.VIEW_JOBS),
            "organisations": has_perm_anywhere(user, Perm.MANAGE_ORGANISATIONS),
            "campaigns": has_perm_anywhere(user, Perm.VIEW_TEAMS),
            "visits": has_perm_anywhere(user, Perm.REVIEW_VISITS),
            "reports": has_perm_anywhere(user, Perm.WRITE_REPORTS)
            or has_perm_anywhere(user, Perm.REVIEW_REPORTS),
            "progress": has_perm_anywhere(user, Perm.VIEW_PROGRESS),
            "training": has_perm_anywhere(user, Perm.VIEW_TRAINING)
            or has_perm_anywhere(user, Perm.ENROL_SELF),
            "learning": has_perm_anywhere(user, Perm.MANAGE_LEARNING),
            "classes": bool(organisations_for(user, Perm.TEACH_CLASSES)),
            "school_figures": has_perm_anywhere(user, Perm.VIEW_SCHOOL_PROGRAMME),
            "initiatives": has_perm_anywhere(user, Perm.MANAGE_INITIATIVES),
            "honours": has_perm_anywhere(user, Perm.VIEW_HONOURS),
            "movements": has_perm_anywhere(user, Perm.VIEW_MOVEMENTS),
            "outreach": has_perm_anywhere(user, Perm.LOG_OUTREACH)
            or has_perm_anywhere(user, Perm.VIEW_OUTREACH),
            "partners": any(
                has_perm_anywhere(user, perm)
                for perm in (Perm.MANAGE_OFFERS, Perm.VIEW_PARTNER_STAFF, Perm.VIEW_OFFERS)
            ),
            "tracker": has_perm_anywhere(user, Perm.VIEW_TRACKER),
        }
    return {
        "TEAM_DISPLAY_NAME": settings.TEAM_DISPLAY_NAME,
        "nav": nav,
        "unread_notifications": unread,
    }
