from django.urls import path

from . import views

urlpatterns = [path("access-log/", views.access_log_list, name="access_log_list")]
