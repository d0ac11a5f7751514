from django.urls import path

from tocds.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_edit, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/status/", views.campaign_status, name="status"),
    path("<int:pk>/communes/<str:code>/", views.plan_detail, name="plan"),
    path(
        "<int:pk>/communes/<str:code>/assignments/new/",
        views.assignment_add,
        name="assignment_add",
    ),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_edit, name="service_create"),
    path("services/<int:pk>/", views.service_edit, name="service_edit"),
]
