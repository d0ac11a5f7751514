from django.urls import path

from tocds.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/correct/", views.visit_correct, name="correct"),
    path("<int:pk>/exclude/", views.visit_exclude, name="exclude"),
    path("<int:pk>/flag/", views.visit_flag, name="flag"),
    path("flags/<int:pk>/resolve/", views.flag_resolve, name="resolve_flag"),
    path("conflicts/<int:pk>/resolve/", views.conflict_resolve, name="resolve_conflict"),
]
