from django.urls import path

from .views import follow_ups, group_sessions, importing, lists_and_exports, participant_file, pathways, records

app_name = "participants"

urlpatterns = [
    path("", lists_and_exports.participant_list, name="list"),
    path("new/", participant_file.participant_create, name="create"),
    path("export.csv", lists_and_exports.participant_export_csv, name="export_csv"),
    path("import/", importing.participant_import, name="import"),
    path("import/template.xlsx", importing.participant_import_template, name="import_template"),
    path("<int:pk>/", participant_file.participant_detail, name="detail"),
    path("<int:pk>/edit/", participant_file.participant_edit, name="edit"),
    path("<int:pk>/consents/<slug:purpose>/give/", participant_file.consent_give, name="consent_give"),
    path("<int:pk>/consents/<slug:purpose>/withdraw/", participant_file.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/pathways/new/", pathways.pathway_create, name="pathway_create"),
    path("<int:pk>/evaluations/new/", records.evaluation_create, name="evaluation_create"),
    path("<int:pk>/follow-ups/new/", follow_ups.follow_up_create, name="follow_up_create"),
    path("<int:pk>/qualifications/new/", records.qualification_create, name="qualification_create"),
    path("pathways/", lists_and_exports.pathway_list, name="pathway_list"),
    path("pathways/export.csv", lists_and_exports.pathway_export_csv, name="pathway_export_csv"),
    path("pathways/<int:pk>/edit/", pathways.pathway_edit, name="pathway_edit"),
    path("pathways/<int:pk>/phase/", pathways.pathway_phase, name="pathway_phase"),
    path("pathways/<int:pk>/internships/new/", records.internship_create, name="internship_create"),
    path("internships/<int:pk>/edit/", records.internship_edit, name="internship_edit"),
    path("pathways/<int:pk>/<slug:action>/", pathways.pathway_transition, name="pathway_transition"),
    path("post-follow-ups/", follow_ups.post_follow_up_list, name="post_follow_up_list"),
    path("post-follow-ups/<int:pk>/", follow_ups.post_follow_up_record, name="post_follow_up_record"),
    path("group-sessions/", group_sessions.group_session_list, name="group_session_list"),
    path("group-sessions/new/", group_sessions.group_session_create, name="group_session_create"),
    path("group-sessions/<int:pk>/", group_sessions.group_session_detail, name="group_session_detail"),
    path(
        "group-sessions/<int:pk>/attendance/",
        group_sessions.group_session_attendance,
        name="group_session_attendance",
    ),
]
