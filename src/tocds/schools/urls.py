from django.urls import path

from tocds.schools import views

app_name = "schools"
urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("classes/<int:pk>/lessons/new/", views.delivery_create, name="delivery_create"),
    path("classes/<int:pk>/quizzes/new/", views.quiz_open, name="quiz_open"),
    path("lessons/<int:pk>/", views.delivery_detail, name="delivery"),
    path("lessons/<int:pk>/family/", views.delivery_family, name="delivery_family"),
    path("lessons/<int:pk>/cancel/", views.delivery_cancel, name="delivery_cancel"),
    path("quizzes/<int:pk>/", views.quiz_detail, name="quiz"),
    path("quizzes/<int:pk>/close/", views.quiz_close, name="quiz_close"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<slug:code>/", views.plan_detail, name="plan"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
]
