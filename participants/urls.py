from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("new/", views.participant_create, name="create"),
    path("export.csv", views.participant_export_csv, name="export_csv"),
    path("import/", views.participant_import, name="import"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/edit/", views.participant_edit, name="edit"),
    path("<int:pk>/consents/<slug:purpose>/give/", views.consent_give, name="consent_give"),
    path("<int:pk>/consents/<slug:purpose>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/pathways/new/", views.pathway_create, name="pathway_create"),
    path("<int:pk>/evaluations/new/", views.evaluation_create, name="evaluation_create"),
    path("<int:pk>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("<int:pk>/qualifications/new/", views.qualification_create, name="qualification_create"),
    path("pathways/", views.pathway_list, name="pathway_list"),
    path("pathways/export.csv", views.pathway_export_csv, name="pathway_export_csv"),
    path("pathways/<int:pk>/edit/", views.pathway_edit, name="pathway_edit"),
    path("pathways/<int:pk>/phase/", views.pathway_phase, name="pathway_phase"),
    path("pathways/<int:pk>/internships/new/", views.internship_create, name="internship_create"),
    path("internships/<int:pk>/edit/", views.internship_edit, name="internship_edit"),
    path("pathways/<int:pk>/<slug:action>/", views.pathway_transition, name="pathway_transition"),
    path("post-follow-ups/", views.post_follow_up_list, name="post_follow_up_list"),
    path("post-follow-ups/<int:pk>/", views.post_follow_up_record, name="post_follow_up_record"),
    path("group-sessions/", views.group_session_list, name="group_session_list"),
    path("group-sessions/new/", views.group_session_create, name="group_session_create"),
    path("group-sessions/<int:pk>/", views.group_session_detail, name="group_session_detail"),
    path("group-sessions/<int:pk>/attendance/", views.group_session_attendance, name="group_session_attendance"),
]
