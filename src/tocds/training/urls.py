from django.urls import path

from tocds.training import views

app_name = "training"
urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("courses/new/", views.course_edit, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/complete/", views.course_complete, name="course_complete"),
    path("courses/<int:pk>/results.xlsx", views.course_export, name="course_export"),
    path("courses/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("sessions/<int:pk>/enrol-team/", views.enrol_team, name="enrol_team"),
    path("sessions/<int:pk>/import/", views.enrol_import, name="enrol_import"),
    path("sessions/<int:pk>/import/template.xlsx", views.enrol_template, name="enrol_template"),
    path("sessions/<int:pk>/enrol-me/", views.enrol_self, name="enrol_self"),
    path("sessions/<int:pk>/qr/", views.session_qr, name="session_qr"),
    path("sessions/<int:pk>/checkin/", views.checkin, name="checkin"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/rate/", views.rate, name="rate"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("calendar/", views.calendar, name="calendar"),
    path("me/", views.my_record, name="my_record"),
    path("me/calendar.ics", views.my_ics, name="my_ics"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("figures/", views.figures_page, name="figures"),
    path("figures/results.xlsx", views.figures_export, name="figures_export"),
    path("elsewhere/", views.external_list, name="external_list"),
]
