"""Utblick's URLs: each app's pages under a Swedish path."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from utblick.core.views import healthz
from utblick.engagements.views.start import start

urlpatterns = [
    path("", start, name="start"),
    path("healthz", healthz, name="healthz"),
    path("konto/logga-in/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("engagemang/", include("utblick.engagements.urls")),
    path("partner/", include("utblick.partners.urls")),
    path("policy/", include("utblick.policy.urls")),
    path("organisation/", include("utblick.organisation.urls")),
    path("admin/", admin.site.urls),
]
