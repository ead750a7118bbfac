"""The one settings module. Everything that differs between machines comes from environment variables.

Modes: ``SINERGI_MODE=development`` (default: DEBUG, SQLite under var/) or ``production`` (secure cookies, HSTS,
a required SECRET_KEY and ALLOWED_HOSTS). ``DATABASE_URL`` selects the database in either mode.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from sinergi.core.dbrouter import jobs_database
from sinergi.core.env import EnvError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SINERGI_VAR_DIR", str(BASE_DIR / "var")))

MODE = env_str("SINERGI_MODE", "development")
if MODE not in {"development", "production"}:
    raise EnvError(f"SINERGI_MODE={MODE!r}: use 'development' or 'production'")
PRODUCTION = MODE == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise EnvError("SECRET_KEY must be set to at least 50 random characters in production")
else:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-" + "x" * 40)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Registers the trigram lookups used by name search on PostgreSQL; inert on SQLite.
    "django.contrib.postgres",
    "axes",
    # Serves the OpenAPI docs' Swagger UI from the package's own static files (no CDN).
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "sinergi.core",
    "sinergi.areas",
    "sinergi.accounts",
    "sinergi.audit",
    "sinergi.registry",
    "sinergi.imports",
    "sinergi.linkage",
    "sinergi.notifications",
    "sinergi.pillars",
    "sinergi.referrals",
    "sinergi.programs",
    "sinergi.dashboards",
    "sinergi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sinergi.core.middleware.SessionMiddleware",
    "sinergi.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sinergi.audit.middleware.AuditContextMiddleware",
    # Must stay last (django-axes requirement): it turns lockouts into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sinergi.urls"
WSGI_APPLICATION = "sinergi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sinergi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sinergi.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sinergi.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while a worker writes; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Job progress gets its own connection (and on SQLite its own file): see sinergi/core/jobs.py.
DATABASES["jobs"] = jobs_database(DATABASES["default"], VAR_DIR)
DATABASE_ROUTERS = ["sinergi.core.dbrouter.JobsRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sinergi.accounts.validators.CharacterClassValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after SESSION_IDLE_SECONDS without a request (the cookie is renewed on every request) and when
# the browser closes: shared office computers are the norm at a front desk.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout: AXES_FAILURE_LIMIT failed logins for one username from one IP lock that pair for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "sinergi" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["sinergi.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "sinergi" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Development serves assets straight from the apps (no collectstatic step for `make demo`).
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Security headers. In production these make `manage.py check --deploy` clean.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind a reverse proxy that terminates TLS (nginx at the Diskominfo data centre).
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background jobs (imports, later linkage) are queued in the database; `sinergi db-worker` runs them.
TASKS = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": ["default"]}
}
# Uploaded files up to this size are accepted (a 1M-row DTKS export is ~200 MB as CSV).
SINERGI_IMPORT_MAX_BYTES = env_int("SINERGI_IMPORT_MAX_MB", 300) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Search: at least this word similarity (0..1) for a name or address to match. 0.6 is pg_trgm's own default
# for its %> operator, which PostgreSQL applies first; raising it tightens both databases alike.
SINERGI_NAME_SIMILARITY = float(env_str("SINERGI_NAME_SIMILARITY", "0.6"))
SINERGI_PAGE_SIZE = env_int("SINERGI_PAGE_SIZE", 20)
# Record linkage: the model runs use; empty = the one shipped in sinergi/linkage/data/model.json. A file made by
# `sinergi linkage-retrain` (the shipped model's trees retrained with this installation's review decisions).
SINERGI_LINKAGE_MODEL = env_str("SINERGI_LINKAGE_MODEL", "")
# SMS/WhatsApp gateway for notifications: a dotted path to a class with send(*, phone, text). The default only
# logs (no external call); an office plugs in its own gateway's class here.
# The cache holds the public pages' rate-limit counters. Per process by default; a deployment with several web
# processes points every process at one cache, e.g. SINERGI_CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache
# with SINERGI_CACHE_LOCATION=sinergi_cache (after `sinergi createcachetable`), or Redis/Memcached.
CACHES = {
    "default": {
        "BACKEND": env_str("SINERGI_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env_str("SINERGI_CACHE_LOCATION", "sinergi"),
    }
}
SINERGI_MESSAGE_BACKEND = env_str("SINERGI_MESSAGE_BACKEND", "sinergi.notifications.backends.LoggingBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
