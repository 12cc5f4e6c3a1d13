from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_page, name="report_page"),
    path("runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run_retry"),
    path("runs/<int:pk>/download/", views.download, name="download"),
    path("runs/<int:pk>/export/", views.export, name="export"),
]
