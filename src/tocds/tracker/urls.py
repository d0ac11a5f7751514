from django.urls import path

from tocds.tracker import views

app_name = "tracker"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("periods/", views.periods, name="periods"),
    path("communes/<str:code>/", views.commune, name="commune"),
    path("clauses/<int:pk>/", views.clause, name="clause"),
    path("clauses/<int:pk>/chart/<int:indicator>.svg", views.chart, name="chart"),
    path("clauses/<int:pk>/status/", views.clause_status, name="status"),
    path("clauses/<int:pk>/figure/", views.figure, name="figure"),
    path("clauses/<int:pk>/target/", views.target, name="target"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
