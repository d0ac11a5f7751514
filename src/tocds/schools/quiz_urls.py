"""The public class-quiz pages students open on their phones: /quiz/ and /quiz/<code>/."""

from django.urls import path

from tocds.schools import quiz_views

app_name = "quiz"
urlpatterns = [
    path("", quiz_views.join, name="join"),
    path("<str:code>/", quiz_views.take, name="take"),
    path("<str:code>/result/", quiz_views.result, name="result"),
    path("<str:code>/next/", quiz_views.next_student, name="next"),
]
