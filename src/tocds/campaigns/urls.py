from django.urls import path

from tocds.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_edit, name="service_create"),
    path("services/<int:pk>/", views.service_edit, name="service_edit"),
]
