from django.urls import path

from tocds.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff, name="staff"),
    path("enterprises/", views.by_enterprise, name="by_enterprise"),
    path("enterprises.xlsx", views.by_enterprise_export, name="by_enterprise_export"),
    path("manage/", views.offer_list, name="offer_list"),
    path("manage/new/", views.offer_edit, name="offer_create"),
    path("manage/<int:pk>/", views.offer_detail, name="offer"),
    path("manage/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("manage/<int:pk>/status/", views.offer_move, name="offer_move"),
    path("offers/", views.member_offers, name="offers"),
    path("offers/<int:pk>/claim/", views.claim, name="claim"),
    path("codes/<str:code>/", views.code, name="code"),
    path("check/", views.check, name="check"),
    path("check/<str:code>/use/", views.use, name="use"),
    path("uptake/", views.uptake, name="uptake"),
    path("uptake.xlsx", views.uptake_export, name="uptake_export"),
]
