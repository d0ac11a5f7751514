from django.urls import path

from tocds.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
