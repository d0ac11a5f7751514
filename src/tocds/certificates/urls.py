from django.urls import path

from tocds.certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("<str:code>/", views.verify_page, name="verify"),
    path("<str:code>/certificate.pdf", views.certificate_download, name="pdf"),
]
