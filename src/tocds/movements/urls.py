from django.urls import path

from tocds.movements import views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("new/", views.movement_edit, name="create"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("<int:pk>/edit/", views.movement_edit, name="edit"),
    path("<int:pk>/status/", views.movement_status, name="status"),
    path("<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/remove/", views.criterion_remove, name="criterion_remove"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("<int:pk>/participants/teams/", views.participant_add_teams, name="participant_add_teams"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("participants/<int:pk>/consent/", views.participant_consent, name="participant_consent"),
    path("<int:pk>/scores/", views.score_save, name="score_save"),
    path("scores/<int:pk>/evidence/", views.score_evidence, name="score_evidence"),
    path("<int:pk>/ranking.xlsx", views.ranking_export, name="ranking_export"),
    path("<int:pk>/leaderboard/", views.leaderboard, name="leaderboard"),
]
