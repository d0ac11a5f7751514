from django.urls import path

from tocds.honours import views

app_name = "honours"
urlpatterns = [
    path("", views.home, name="home"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_export, name="figures_export"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_edit, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/status/", views.round_status, name="round_status"),
    path("rounds/<int:round_pk>/nominate/", views.nomination_edit, name="nominate"),
    path("rounds/<int:pk>/decide/", views.decide, name="decide"),
    path("rounds/<int:pk>/submission.docx", views.submission_docx, name="submission_docx"),
    path("rounds/<int:pk>/selection.docx", views.selection_docx, name="selection_docx"),
    path("rounds/<int:pk>/decision.docx", views.decision_docx, name="decision_docx"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/move/", views.nomination_move, name="nomination_move"),
    path("nominations/<int:pk>/delete/", views.nomination_delete, name="nomination_delete"),
    path("nominations/<int:pk>/report.docx", views.report_docx, name="report_docx"),
]
