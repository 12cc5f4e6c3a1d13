from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from ceiq.core import views as core_views

# The admin has no login form of its own: it sends people to the portal's login, which is
# rate-limited and asks for the second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# No stored file (MEDIA_ROOT) is served by a route of its own, in any settings, DEBUG included: every
# download goes through a view that checks permission and writes the access log (reporting:download).
urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("about/", core_views.about, name="about"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("ceiq.accounts.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("participants/", include("participants.urls")),
    path("employers/", include("employers.urls")),
    path("reports/", include("reporting.urls")),
    path("audit/", include("ceiq.audit.urls")),
    path("privacy/", include("ceiq.privacy.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "ceiq.core.views.error_403"
handler404 = "ceiq.core.views.error_404"
handler500 = "ceiq.core.views.error_500"
