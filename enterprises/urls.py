from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("<slug:slug>/", views.enterprise_detail, name="detail"),
    path("<slug:slug>/edit/", views.enterprise_edit, name="edit"),
]
