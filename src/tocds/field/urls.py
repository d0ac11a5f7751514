from django.urls import path

from tocds.field import views

app_name = "field"
urlpatterns = [
    path("", views.shell, name="shell"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("session", views.session, name="session"),
]
