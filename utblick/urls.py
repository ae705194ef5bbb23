"""Utblick's URLs: each app's pages under a Swedish path."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from utblick.core.views import healthz
from utblick.engagements.views.start import start

urlpatterns = [
    path("", start, name="start"),
    path("healthz", healthz, name="healthz"),
    path("konto/logga-in/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("engagemang/", include("utblick.engagements.urls")),
    path("engagemang/<int:pk>/ekonomi/", include("utblick.finance.urls")),
    path("partner/", include("utblick.partners.urls")),
    path("policy/", include("utblick.policy.urls")),
    path("organisation/", include("utblick.organisation.urls")),
    path("katalog/", include("utblick.register.urls")),
    path("uppfoljning/", include("utblick.reports.urls")),
    path("bevakning/", include("utblick.monitoring.urls")),
    path("kalender/", include("utblick.engagements.calendar_urls")),
    path("aviseringar/", include("utblick.notifications.urls")),
    path("kompetens/", include("utblick.competence.urls")),
    path("kunskap/", include("utblick.knowledge.urls")),
    path("sprak/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Utblick – administration för IT"
admin.site.site_title = "Utblick admin"
