"""The coverage pages, joined to `tocds.places.urls` under `/places/` in the `places` namespace
by `tocds/urls.py` (after the places' own patterns: `search/` must come before `<code>/`)."""

from django.urls import path

from tocds.teams import coverage_views

urlpatterns = [
    path("", coverage_views.place_list, name="list"),
    path("coverage.xlsx", coverage_views.coverage_export, name="coverage_export"),
    path("<str:code>/", coverage_views.place_detail, name="detail"),
]
