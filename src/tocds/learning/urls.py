from django.urls import path

from tocds.learning import manage_views, views

app_name = "learning"
urlpatterns = [
    path("", views.index, name="index"),
    path("progress/", views.progress, name="progress"),
    path("results/<uuid:key>/", views.result, name="result"),
    path("results/<uuid:key>/certificate/", views.certificate, name="certificate"),
    path("pictures/<str:name>", views.picture, name="picture"),
    path("audio/<int:pk>", views.audio_file, name="audio"),
    path("manage/", manage_views.dashboard, name="manage"),
    path("manage/lessons/<slug:code>/", manage_views.lesson_detail, name="manage_lesson"),
    path("manage/lessons/<slug:code>/draft/", manage_views.lesson_edit, name="lesson_edit"),
    path("manage/versions/<int:pk>/", manage_views.version_detail, name="version"),
    path(
        "manage/versions/<int:pk>/transition/",
        manage_views.version_transition,
        name="version_transition",
    ),
    path("manage/questions/", manage_views.question_list, name="questions"),
    path("manage/questions/new/", manage_views.question_edit, name="question_create"),
    path("manage/questions/<slug:code>/", manage_views.question_edit, name="question_edit"),
    path(
        "manage/versions/<int:pk>/recordings/",
        manage_views.recording_add,
        name="recording_add",
    ),
    path(
        "manage/recordings/<int:pk>/remove/",
        manage_views.recording_remove,
        name="recording_remove",
    ),
    path("manage/languages/", manage_views.languages, name="languages"),
    path("manage/facts/", manage_views.fact_list, name="facts"),
    path("manage/facts/new/", manage_views.fact_edit, name="fact_create"),
    path("manage/facts/<slug:key>/", manage_views.fact_edit, name="fact_edit"),
    path("manage/skills/<slug:code>/marks/", manage_views.skill_marks, name="skill_marks"),
    path("manage/usage/", manage_views.usage, name="usage"),
    path("manage/certificates/", manage_views.certificate_list, name="certificates"),
    path(
        "manage/certificates/<str:code>/revoke/",
        manage_views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("<slug:skill>/", views.skill_page, name="skill"),
    path("<slug:skill>/quiz/", views.quiz, name="quiz"),
    path("<slug:skill>/check/", views.check, name="check"),
    path("<slug:skill>/<slug:lesson>/", views.lesson_page, name="lesson"),
]
