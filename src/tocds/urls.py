from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.views.i18n import set_language

from tocds.api.api import api
from tocds.people.views import LoginView, PasswordChangeDoneView, PasswordChangeView
from tocds.places import urls as places_urls
from tocds.teams import coverage_urls

urlpatterns = [
    path("", include("tocds.home.urls")),
    path("", include("tocds.core.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", set_language, name="set_language"),
    # The place pages that show team coverage belong to teams but keep the places' names.
    path(
        "places/",
        include((places_urls.urlpatterns + coverage_urls.urlpatterns, places_urls.app_name)),
    ),
    path("teams/", include("tocds.teams.urls")),
    path("users/", include("tocds.people.urls")),
    path("campaigns/", include("tocds.campaigns.urls")),
    path("visits/", include("tocds.visits.urls")),
    path("reports/", include("tocds.reports.urls")),
    path("field/", include("tocds.field.urls")),
    path("progress/", include("tocds.progress.urls")),
    path("training/", include("tocds.training.urls")),
    path("verify/", include("tocds.certificates.urls")),
    path("learn/", include("tocds.learning.urls")),
    path("schools/", include("tocds.schools.urls")),
    path("initiatives/", include("tocds.initiatives.urls")),
    path("movements/", include("tocds.movements.urls")),
    path("honours/", include("tocds.honours.urls")),
    path("outreach/", include("tocds.outreach.urls")),
    path("partners/", include("tocds.partners.urls")),
    path("notifications/", include("tocds.notifications.urls")),
    path("tracker/", include("tocds.tracker.urls")),
    path("", include("tocds.public.urls")),
    path("quiz/", include("tocds.schools.quiz_urls")),
    path("api/v1/", api.urls),
]
