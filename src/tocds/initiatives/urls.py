from django.urls import path

from tocds.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("new/", views.initiative_edit, name="create"),
    path("replicate/", views.replicate, name="replicate"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/status/", views.initiative_status, name="status"),
    path("<int:pk>/replication/", views.initiative_replication, name="replication"),
    path("<int:pk>/figures/", views.figure_add, name="figure_add"),
    path("figures/<int:pk>/remove/", views.figure_remove, name="figure_remove"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
]
