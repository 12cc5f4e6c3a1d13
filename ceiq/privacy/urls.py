from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("participants/<int:pk>/export/", views.participant_export, name="participant_export"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="incident_edit"),
]
