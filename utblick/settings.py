"""Utblick's settings: every value comes from the environment (see docs/operations.md)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    # No fallback: a guessable key would let anyone forge sessions.
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (see docs/operations.md).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "utblick.core",
    "utblick.organisation",
    "utblick.policy",
    "utblick.partners",
    "utblick.engagements",
    "utblick.register",
    "utblick.finance",
    "utblick.reports",
    "utblick.monitoring",
    "utblick.notifications",
    "utblick.competence",
    "utblick.knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "utblick.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "utblick.urls"
WSGI_APPLICATION = "utblick.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "utblick.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'utblick.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["utblick.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Several workers on several machines (docs/operations.md): TASKS_BACKEND=django_tasks_rq.RQBackend and RQ_REDIS_URL.
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": env.str("RQ_REDIS_URL", default="redis://127.0.0.1:6379/0")}}

email_config = env.email_url("EMAIL_URL", default="smtp://127.0.0.1:25")
# smtp:// (and smtp+tls://) in production; `make run` prints mail on the console (consolemail://).
EMAIL_BACKEND = email_config.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = email_config["EMAIL_HOST"]
EMAIL_PORT = email_config["EMAIL_PORT"]
EMAIL_HOST_USER = email_config["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = email_config["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = email_config.get("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="utblick@localhost")

# Production hardening: on unless DEBUG, overridable for an intranet served over plain HTTP.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

COUNTRIES_FIRST = ["SE", "NO", "FI", "DK"]
COUNTRIES_FIRST_REPEAT = False

UTBLICK_PAGE_SIZE = env.int("UTBLICK_PAGE_SIZE", default=25)
UTBLICK_EXPORT_MAX_ROWS = env.int("UTBLICK_EXPORT_MAX_ROWS", default=200_000)
# Contact persons' personal data are anonymised when nothing has happened with them for this many days
# (no edit, no interaction); `manage.py anonymise_expired_contacts` does it. 0 turns it off.
PARTNERS_CONTACT_RETENTION_DAYS = env.int("PARTNERS_CONTACT_RETENTION_DAYS", default=3 * 365)
# Largest file the partner import accepts, in bytes (a file over it is refused before it is read).
PARTNERS_IMPORT_MAX_BYTES = env.int("PARTNERS_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# The site's address as users reach it, for links in emails sent without a request (the follow-up reminders).
UTBLICK_BASE_URL = env.str("UTBLICK_BASE_URL", default="http://127.0.0.1:8000")
# A person is not reminded about the same year's follow-up again within this many days (`send_followup_reminders`).
FOLLOWUP_REMINDER_INTERVAL_DAYS = env.int("FOLLOWUP_REMINDER_INTERVAL_DAYS", default=30)
# Who gets the weekly monitoring summary (comma-separated addresses); empty: every coordinator.
MONITORING_WEEKLY_SUMMARY_TO = env.list("MONITORING_WEEKLY_SUMMARY_TO", default=[])
# Omvärldsbevakning fetching (utblick/monitoring/fetching): size cap in bytes, timeouts in seconds, and the
# host:port pairs on loopback/private addresses that may be fetched anyway (tests, local trials; empty by default).
MONITORING_MAX_BYTES = env.int("MONITORING_MAX_BYTES", default=10 * 1024 * 1024)
MONITORING_CONNECT_TIMEOUT = env.float("MONITORING_CONNECT_TIMEOUT", default=10.0)
MONITORING_TOTAL_TIMEOUT = env.float("MONITORING_TOTAL_TIMEOUT", default=30.0)
MONITORING_ALLOWED_PRIVATE_HOSTS = env.list("MONITORING_ALLOWED_PRIVATE_HOSTS", default=[])
