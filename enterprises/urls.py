from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    # Network-wide pages (network staff). Fixed words come before <slug> (see forms.RESERVED_SLUGS).
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("export.csv", views.enterprise_export_csv, name="export_csv"),
    path("reference/<str:kind>/", views.reference_list, name="reference_list"),
    path("reference/<str:kind>/new/", views.reference_form, name="reference_create"),
    path("reference/<str:kind>/<int:pk>/edit/", views.reference_form, name="reference_edit"),
    # One enterprise (its staff read; network staff and, for staff and partners, the director write).
    path("<slug:slug>/", views.enterprise_detail, name="detail"),
    path("<slug:slug>/edit/", views.enterprise_edit, name="edit"),
    path("<slug:slug>/recognition/", views.enterprise_recognition, name="recognition"),
    path("<slug:slug>/agreements/", views.agreement_list, name="agreement_list"),
    path("<slug:slug>/agreements/new/", views.agreement_form, name="agreement_create"),
    path("<slug:slug>/agreements/<int:pk>/edit/", views.agreement_form, name="agreement_edit"),
    path("<slug:slug>/staff/", views.staff_list, name="staff"),
    path("<slug:slug>/staff/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("<slug:slug>/staff/<int:pk>/deactivate/", views.membership_deactivate_view, name="membership_deactivate"),
    path("<slug:slug>/staff/<int:pk>/reactivate/", views.membership_reactivate_view, name="membership_reactivate"),
    path("<slug:slug>/partners/", views.partner_list, name="partner_list"),
    path("<slug:slug>/partners/new/", views.partner_form, name="partner_create"),
    path("<slug:slug>/partners/<int:pk>/edit/", views.partner_form, name="partner_edit"),
    path("<slug:slug>/partners/<int:pk>/delete/", views.partner_delete_view, name="partner_delete"),
]
