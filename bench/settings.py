"""Settings for `make bench`: the real settings, served as in production (DEBUG off) on plain HTTP.

bench/run.py sets DATABASE_URL (a fresh SQLite file under var/bench/ or the PostgreSQL database
utblick_bench) and SECRET_KEY for each server it starts; the defaults below only make the module
importable on its own (for example `manage.py check --settings=bench.settings`).
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault(
    "DATABASE_URL", "sqlite:///" + os.path.join(os.path.dirname(__file__), "..", "var", "bench", "bench.sqlite3")
)
os.environ.setdefault("LOG_LEVEL", "WARNING")

from utblick.settings import *  # noqa: E402,F403

DEBUG = False
SECURE_SSL_REDIRECT = False
ROOT_URLCONF = "bench.urls"
# Static files are not measured: no collectstatic, no manifest to look up.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Seeding and logging in a bench user need no slow hashing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
