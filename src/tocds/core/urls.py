from django.urls import path

from tocds.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
