from django.urls import path

from tocds.places import views

# Joined with `tocds.teams.coverage_urls` (the place list, a place's page, the coverage export)
# under `/places/` in the `places` namespace by `tocds/urls.py`.
app_name = "places"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("hamlets/import/", views.hamlet_import, name="hamlet_import"),
    path("hamlets/template.xlsx", views.hamlet_template, name="hamlet_template"),
    path("<str:code>/hamlets/new/", views.hamlet_add, name="hamlet_add"),
    path("<str:code>/edit/", views.hamlet_edit, name="hamlet_edit"),
    path("<str:code>/close/", views.hamlet_close, name="hamlet_close"),
]
