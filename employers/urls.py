from django.urls import path

from .views import checkins, contacts, directory, matching, openings, portal, referrals

app_name = "employers"

urlpatterns = [
    path("", directory.employer_list, name="list"),
    path("new/", directory.employer_create, name="create"),
    path("export.csv", directory.employer_export_csv, name="export_csv"),
    path("<int:pk>/", directory.employer_detail, name="detail"),
    path("<int:pk>/edit/", directory.employer_edit, name="edit"),
    path("<int:pk>/invite/", directory.employer_invite_contact, name="invite_contact"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/<int:pk>/confirm/", contacts.contact_confirm, name="contact_confirm"),
    path("contacts/<int:pk>/revoke/", contacts.contact_revoke, name="contact_revoke"),
    path("openings/", openings.opening_list, name="opening_list"),
    path("openings/new/", openings.opening_create, name="opening_create"),
    path("openings/<int:pk>/", openings.opening_detail, name="opening_detail"),
    path("openings/<int:pk>/edit/", openings.opening_edit, name="opening_edit"),
    path("openings/<int:pk>/matching/", matching.opening_matching, name="matching"),
    path("openings/<int:pk>/refer/", matching.referral_create, name="referral_create"),
    path("participants/<int:pk>/openings/", matching.participant_openings, name="participant_openings"),
    path("referrals/", referrals.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/interview/", referrals.referral_interview, name="referral_interview"),
    path("referrals/<int:pk>/decline/", referrals.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/hire/", referrals.referral_hire, name="referral_hire"),
    path("referrals/<int:pk>/withdraw/", referrals.referral_withdraw, name="referral_withdraw"),
    path("candidates/", portal.candidate_list, name="candidate_list"),
    path("candidates/export.csv", portal.candidate_export_csv, name="candidate_export_csv"),
    path("internships/", portal.internship_list, name="internship_list"),
    path("hires/<int:pk>/", portal.placement_detail, name="placement_detail"),
    path("hires/<int:pk>/check-in/", checkins.checkin_request, name="checkin_request"),
    path("check-ins/<int:pk>/", checkins.checkin_answer, name="checkin_answer"),
]
