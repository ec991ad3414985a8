"""Portal settings: everything that varies between machines is read from the environment here."""

import secrets
from datetime import time as _time
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import environ
from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_flag(name: str, default: bool) -> bool:
    """A yes/no variable; anything unrecognised stops the start instead of silently meaning 'no'."""
    raw = env.str(name, default=str(int(default))).strip().lower()
    if raw not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value: use 1 or 0.")
    return raw in _TRUE


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_float(name: str, default: float) -> float:
    raw = env.str(name, default=str(default)).strip()
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


DEBUG = env_flag("DJANGO_DEBUG", default=False)
# `make run` serves the real product (DEBUG off) on plain-http localhost: no HTTPS redirect, HSTS or
# secure-only cookies, and uploaded photos served by Django. `check --deploy` fails while it is set.
OUTREACH_LOCAL_HTTP = env_flag("OUTREACH_LOCAL_HTTP", default=False)
_PLAIN_HTTP = DEBUG or OUTREACH_LOCAL_HTTP

_INSECURE_DEV_KEY = "insecure-dev-key-only-for-local-use-never-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_INSECURE_DEV_KEY if DEBUG else "")
# Without a key, commands that sign nothing (makemigrations, migrate) still run; wsgi/asgi refuse
# to serve and `check --deploy` fails (core.E001), as they do with a short key or one published in
# this repository (core/secret_key.py) - the development key above included.
SECRET_KEY_MISSING = not SECRET_KEY
if SECRET_KEY_MISSING:
    SECRET_KEY = "unset-" + secrets.token_urlsafe(50)  # unguessable, never used to serve

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if _PLAIN_HTTP else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Only the benchmark server mounts its constant-response view (bench/views.py).
OUTREACH_BENCH_VIEWS = env_flag("OUTREACH_BENCH_VIEWS", default=False)
# What `seed_demo --scale large` runs: the province at full size, into its own database.
LARGE_SCALE_SEEDER = "scale.seed.seed_large_database"

try:
    if not env.str("DATABASE_URL", default=""):
        raise ImproperlyConfigured("empty")
    DATABASES = {"default": env.db_url("DATABASE_URL")}
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set or not a valid URL (e.g. postgres://user@127.0.0.1:5432/outreach). "
        "`make run` and `make test` set it for you."
    ) from exc
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL: the portal runs on PostgreSQL only.")
# A unix-socket directory arrives percent-encoded in the host part (postgres://user@%2Fpath%2Fdir/name).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"])
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compilation: the portal's statements are index reads and rollup sums, and PostgreSQL compiles
# any statement estimated above jit_above_cost — at provincial scale the dashboard's one UNION statement
# spent more time compiling than running (716 ms with JIT, 359 ms without; progress pages alike).
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = f"{_db_options.get('options', '')} -c jit=off".strip()

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix:// (got {REDIS_URL!r}).")

# The site printed in QR codes (e.g. https://sanpham.namdinh.gov.vn); empty: the host of the request.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="")
# The Ed25519 private key (PEM) that signs training credentials; empty: a key generated once under var/
# (development and tests only: every deployment must set its own, or credentials change with the disk).
TRAINING_SIGNING_KEY = env.str("TRAINING_SIGNING_KEY", default="", multiline=True)
# Reverse proxies in front of gunicorn that append to X-Forwarded-For; scan analytics tell visitors
# apart by the address the outermost of them saw (0: REMOTE_ADDR).
SCANS_TRUSTED_PROXIES = env_int("SCANS_TRUSTED_PROXIES", default=0)
# Product page views wait in each process's memory until this many are buffered or this many seconds
# have passed, then go to Redis in one round trip (a crashed process loses at most that much).
SCANS_BUFFER_SIZE = max(1, env_int("SCANS_BUFFER_SIZE", default=100))
SCANS_BUFFER_SECONDS = env_float("SCANS_BUFFER_SECONDS", default=1.0)

# Personal-data duties (Law 91/2025): how long the audit log is kept, and after how many days visit
# notes and the records of households that withdrew their consent are anonymised (privacy.retention).
# The coverage dashboard remembers its figures this many seconds (coverage/figures_cache.py); 0: count every time.
COVERAGE_FIGURES_MAX_AGE = env_int("COVERAGE_FIGURES_MAX_AGE", default=60)
AUDIT_RETENTION_DAYS = max(1, env_int("AUDIT_RETENTION_DAYS", default=730))
VISIT_NOTES_RETENTION_DAYS = max(1, env_int("VISIT_NOTES_RETENTION_DAYS", default=365))
WITHDRAWN_HOUSEHOLD_RETENTION_DAYS = max(1, env_int("WITHDRAWN_HOUSEHOLD_RETENTION_DAYS", default=30))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "core",
    "units",
    "accounts",
    "visits",
    "products",
    "scans",
    "training",
    "campaigns",
    "coverage",
    "notifications",
    "audit",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security_headers.SecurityHeadersMiddleware",
    "core.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.audit.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "outreach.urls"
WSGI_APPLICATION = "outreach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "campaigns.context_processors.emergency_bulletins",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
# API tokens (Authorization: Token …) end after this many days without use, and this many days after
# they were issued whatever the use; logging out of the phone app ends its token at once.
API_TOKEN_IDLE_TIMEOUT = timedelta(days=env_int("API_TOKEN_IDLE_DAYS", default=30))
API_TOKEN_MAX_AGE = timedelta(days=env_int("API_TOKEN_MAX_AGE_DAYS", default=90))
if min(API_TOKEN_IDLE_TIMEOUT, API_TOKEN_MAX_AGE) < timedelta(days=1):
    raise ImproperlyConfigured("API_TOKEN_IDLE_DAYS and API_TOKEN_MAX_AGE_DAYS must be at least 1.")

# Every password check (login page, admin, API token) counts failures per username: accounts/throttle.py.
AUTHENTICATION_BACKENDS = ["accounts.phone_login.UsernameOrPhoneBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Without ?next= each role lands where its work is (outreach/start.py); this is only the fallback.
LOGIN_REDIRECT_URL = "home"
# Set-password links handed to new accounts (and password-reset links) work for 72 hours.
PASSWORD_RESET_TIMEOUT = 72 * 60 * 60
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first; English for visitors and partners who ask for it.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["outreach.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploads with personal data or scoped content (core.storage.private_storage): no URL maps this folder;
# access-checked views read it. It must not lie inside MEDIA_ROOT, which is served at MEDIA_URL.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
if Path(PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    raise ImproperlyConfigured("DJANGO_PRIVATE_MEDIA_ROOT must not be inside DJANGO_MEDIA_ROOT (served at /media/).")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("DJANGO_CACHE_PREFIX", default="outreach"),
        "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
    }
}
# Database sessions read with one plain SELECT (core/sessions.py).
SESSION_ENGINE = "core.sessions"

# Celery reaches a unix-socket Redis through the redis+socket:// transport.
CELERY_BROKER_URL = (
    "redis+socket://" + REDIS_URL.removeprefix("unix://").split("?")[0]
    if REDIS_URL.startswith("unix://")
    else REDIS_URL
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env_flag("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Redis hands an unacknowledged message (acks_late tasks) to another worker after this many seconds,
# even one waiting for its countdown: longer than quiet hours plus retries (notifications.E001 checks).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", default=12 * 3600)}

# Non-urgent notifications found in these hours (HH:MM, NOTIFICATIONS_TIME_ZONE) wait until the end.
NOTIFICATIONS_QUIET_HOURS = (
    env.str("NOTIFICATIONS_QUIET_START", default="21:00"),
    env.str("NOTIFICATIONS_QUIET_END", default="07:00"),
)
_QUIET_NAMES = ("NOTIFICATIONS_QUIET_START", "NOTIFICATIONS_QUIET_END")
for _name, _value in zip(_QUIET_NAMES, NOTIFICATIONS_QUIET_HOURS, strict=True):
    try:
        _time.fromisoformat(_value)
    except ValueError:
        raise ImproperlyConfigured(f"{_name}={_value!r} is not a time of day: use HH:MM.") from None
NOTIFICATIONS_TIME_ZONE = env.str("NOTIFICATIONS_TIME_ZONE", default=TIME_ZONE)
# Where SMS/Zalo messages go: a class with send(phone, text). Only a logging backend exists.
NOTIFICATIONS_TEXT_BACKEND = env.str("NOTIFICATIONS_TEXT_BACKEND", default="notifications.channels.LoggingTextBackend")
# Links in e-mails when PUBLIC_BASE_URL is unset (development).
NOTIFICATIONS_SITE_URL = env.str("NOTIFICATIONS_SITE_URL", default="http://127.0.0.1:8000")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="CĐS Nam Định <no-reply@localhost>")

# Bootstrap calls the error colour "danger".
MESSAGE_TAGS = {message_constants.ERROR: "danger"}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Behind a TLS proxy in production; off for local http.
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not _PLAIN_HTTP)
SESSION_COOKIE_SECURE = not _PLAIN_HTTP
CSRF_COOKIE_SECURE = not _PLAIN_HTTP
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0 if _PLAIN_HTTP else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not _PLAIN_HTTP
SECURE_HSTS_PRELOAD = not _PLAIN_HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No personal data in logs or error reports (core.log_privacy): reports show no POST, query or local
# values; every handler scrubs phone numbers. Errors are e-mailed to ADMINS when DEBUG is off.
ADMINS = [("", address) for address in env.list("DJANGO_ADMINS", default=[])]
DEFAULT_EXCEPTION_REPORTER = "core.log_privacy.PersonalDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.log_privacy.PersonalDataReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "scrub_phones": {"()": "core.log_privacy.ScrubPhoneNumbers"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["scrub_phones"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "scrub_phones"],
        },
    },
    # Django's own defaults attach unfiltered handlers to "django" and "django.server": replaced here.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"handlers": ["mail_admins"], "propagate": True},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# Achievement colour bands of the coverage targets (percent of the target reached): below the first
# number red, below the second amber, else green.
COVERAGE_BANDS = (50, 80)
