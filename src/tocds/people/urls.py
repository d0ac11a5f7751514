from django.urls import path

from tocds.people import views

app_name = "people"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("<int:pk>/link/", views.user_link, name="user_link"),
    path("<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_edit, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
]
