from django.urls import path

from tocds.public import views

app_name = "public"
urlpatterns = [
    path("hamlets/", views.hamlets, name="hamlets"),
    path("hamlets/<str:code>/", views.hamlet, name="hamlet"),
    path("figures/", views.figures, name="figures"),
]
