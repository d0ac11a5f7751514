from django.urls import path

from tocds.tracker import report_views, views

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
    # Periodic reporting (issue 17 §2)
    path("periods/<int:pk>/reports/", report_views.period_reports, name="period_reports"),
    path("periods/<int:pk>/reports/start/", report_views.report_start, name="report_start"),
    path("periods/<int:pk>/report.docx", report_views.period_docx, name="period_docx"),
    path("reports/<int:pk>/", report_views.report, name="report"),
    path("reports/<int:pk>/save/", report_views.report_save, name="report_save"),
    path("reports/<int:pk>/move/", report_views.report_move, name="report_move"),
    path("reports/<int:pk>/report.docx", report_views.report_docx, name="report_docx"),
]
