from django.urls import path

from tocds.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.team_list, name="list"),
    path("new/", views.team_create, name="create"),
    path("import/", views.member_import, name="import"),
    path("import/template.xlsx", views.member_import_template, name="import_template"),
    path("export.xlsx", views.member_export, name="export"),
    path("<int:pk>/", views.team_detail, name="detail"),
    path("<int:pk>/edit/", views.team_edit, name="edit"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("memberships/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("memberships/<int:pk>/move/", views.membership_move, name="membership_move"),
]
