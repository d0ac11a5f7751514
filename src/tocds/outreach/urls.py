from django.urls import path

from tocds.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.item_list, name="items"),
    path("items/new/", views.item_edit, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/file/", views.item_file, name="item_file"),
    path("items/<int:pk>/publish/", views.item_publish, name="item_publish"),
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_edit, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/booths/", views.booth_add, name="booth_add"),
    path("booths/<int:pk>/remove/", views.booth_remove, name="booth_remove"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_export, name="figures_export"),
]
