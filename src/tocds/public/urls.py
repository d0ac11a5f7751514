from django.urls import path

from tocds.public import news, views

app_name = "public"
urlpatterns = [
    path("hamlets/", views.hamlets, name="hamlets"),
    path("hamlets/<str:code>/", views.hamlet, name="hamlet"),
    path("figures/", views.figures, name="figures"),
    path("news/", news.news, name="news"),
    path("news/feed/", news.NewsFeed(), name="news_feed"),
    path("news/<int:pk>/", news.news_item, name="news_item"),
    path("events/", news.events, name="events"),
]
