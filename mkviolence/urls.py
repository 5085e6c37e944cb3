"""URL wiring for the whole site. Every URL needs a signed-in user except the login page and
/healthz (LoginRequiredMiddleware in settings)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

admin.site.site_header = "mkviolence administration"
admin.site.site_title = "mkviolence"

handler404 = "mkviolence.views.not_found"
handler500 = "mkviolence.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="set-language"),
    # One sign-in page for the whole site, admin included.
    path("admin/login/", views.admin_login, name="admin-login-redirect"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("imports/", include("incidents.urls")),
    path("strategy/", include("strategy.urls")),
    path("audit/", include("audit.urls")),
    path("alerts/", include("alerts.urls")),
    path("", include("dashboard.urls")),
]
