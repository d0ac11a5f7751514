from django.urls import path

from tocds.progress import views

app_name = "progress"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:pk>/", views.campaign_progress, name="campaign"),
    path("<int:pk>/communes/<str:code>/", views.commune_progress, name="commune"),
    path("<int:pk>/hamlets/<str:code>/", views.hamlet_progress, name="hamlet"),
    path("<int:pk>/teams/<int:team>/", views.team_progress, name="team"),
    path("<int:pk>/charts/<str:name>.svg", views.chart, name="chart"),
]
