from django.urls import path

from tocds.places import views

app_name = "places"
urlpatterns = [
    path("", views.place_list, name="list"),
    path("search/", views.search, name="search"),
    path("coverage.xlsx", views.coverage_export, name="coverage_export"),
    path("hamlets/import/", views.hamlet_import, name="hamlet_import"),
    path("hamlets/template.xlsx", views.hamlet_template, name="hamlet_template"),
    path("<str:code>/", views.place_detail, name="detail"),
    path("<str:code>/hamlets/new/", views.hamlet_add, name="hamlet_add"),
    path("<str:code>/edit/", views.hamlet_edit, name="hamlet_edit"),
    path("<str:code>/close/", views.hamlet_close, name="hamlet_close"),
]
