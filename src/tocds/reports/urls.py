from django.urls import path

from tocds.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaigns/<int:pk>/", views.campaign_reports, name="campaign"),
    path("campaigns/<int:pk>/due/", views.due_date, name="due_date"),
    path("campaigns/<int:pk>/province/", views.province_report_save, name="province_save"),
    path(
        "campaigns/<int:pk>/province/transition/",
        views.province_report_transition,
        name="province_transition",
    ),
    path("campaigns/<int:pk>/province.xlsx", views.province_xlsx, name="province_xlsx"),
    path("campaigns/<int:pk>/province.docx", views.province_docx, name="province_docx"),
    path("campaigns/<int:pk>/communes/<str:code>/", views.commune_report, name="commune"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/transition/", views.report_transition, name="transition"),
    path("<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_edit, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
]
