from django.urls import path

from . import views

urlpatterns = [
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke_view, name="invitation_revoke"),
    path("invitations/<int:pk>/resend/", views.invitation_resend_view, name="invitation_resend"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("context/switch/", views.switch_context, name="switch_context"),
]
