from django.urls import path

from . import views

app_name = "employers"

urlpatterns = [
    path("", views.employer_list, name="list"),
    path("new/", views.employer_create, name="create"),
    path("export.csv", views.employer_export_csv, name="export_csv"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:pk>/edit/", views.employer_edit, name="edit"),
    path("<int:pk>/invite/", views.employer_invite_contact, name="invite_contact"),
    path("openings/", views.opening_list, name="opening_list"),
    path("openings/new/", views.opening_create, name="opening_create"),
    path("openings/<int:pk>/", views.opening_detail, name="opening_detail"),
    path("openings/<int:pk>/edit/", views.opening_edit, name="opening_edit"),
    path("openings/<int:pk>/matching/", views.opening_matching, name="matching"),
    path("openings/<int:pk>/refer/", views.referral_create, name="referral_create"),
    path("participants/<int:pk>/openings/", views.participant_openings, name="participant_openings"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/interview/", views.referral_interview, name="referral_interview"),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/hire/", views.referral_hire, name="referral_hire"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("candidates/export.csv", views.candidate_export_csv, name="candidate_export_csv"),
    path("internships/", views.internship_list, name="internship_list"),
    path("hires/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("hires/<int:pk>/check-in/", views.checkin_request, name="checkin_request"),
    path("check-ins/<int:pk>/", views.checkin_answer, name="checkin_answer"),
]
