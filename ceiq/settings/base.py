"""Settings shared by every environment. Configuration comes only from environment variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_htmx",
    "auditlog",
    "csp",
    "ceiq.core",
    "ceiq.accounts",
    "ceiq.audit",
    "ceiq.privacy",
    "enterprises",
    "participants",
    "employers",
    "reporting",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ceiq.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ceiq.accounts.middleware.SessionLifetimeMiddleware",
    "ceiq.accounts.middleware.CurrentContextMiddleware",
    "ceiq.accounts.middleware.RequireMfaMiddleware",
    "ceiq.core.middleware.NoStoreMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "ceiq.urls"
WSGI_APPLICATION = "ceiq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ceiq.core.context_processors.portal",
            ],
            # `date` writes « 1er avril 2026 » in French (ceiq/core/figures.py).
            "builtins": ["ceiq.core.templatetags.dates"],
        },
    }
]

# Database: SQLite by default (embedded demo), PostgreSQL with DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A connection the server dropped (restart, network cut) is replaced before it is reused.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache: Redis when configured (shared by web processes; rate limits rely on it), else local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if os.environ.get("CACHE_URL") or REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("CACHE_URL") or REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ceiq"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Internationalisation: French (Québec usage) first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ceiq.formats"]
LANGUAGE_COOKIE_NAME = "ceiq_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Stored files (MEDIA_ROOT) have no public URL: downloads go through views that check permission and
# log the access. Behind nginx, set this to an `internal` location aliasing MEDIA_ROOT (e.g.
# "/protected-media/") and the view hands the bytes to nginx with X-Accel-Redirect.
CEIQ_DOWNLOAD_ACCEL_PREFIX = os.environ.get("CEIQ_DOWNLOAD_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Sessions: idle timeout (SESSION_COOKIE_AGE, renewed on each request) and an absolute lifetime.
SESSION_COOKIE_AGE = env_int("CEIQ_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CEIQ_SESSION_ABSOLUTE_SECONDS = env_int("CEIQ_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Email
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portail CEIQ <portail@ceiq.example>")
# No request waits on the mail server: emails go out from Celery tasks (ceiq.core.mail), which give
# up a connection after EMAIL_TIMEOUT seconds and retry with exponential back-off (base × 2^attempt,
# at most the ceiling) up to CEIQ_EMAIL_MAX_RETRIES times, then log the failure.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
CEIQ_EMAIL_MAX_RETRIES = env_int("CEIQ_EMAIL_MAX_RETRIES", 6)
CEIQ_EMAIL_RETRY_BASE_SECONDS = env_int("CEIQ_EMAIL_RETRY_BASE_SECONDS", 30)
CEIQ_EMAIL_RETRY_MAX_SECONDS = env_int("CEIQ_EMAIL_RETRY_MAX_SECONDS", 60 * 60)

# django-allauth: login by email, no public sign-up (see ceiq.accounts.adapter).
ACCOUNT_ADAPTER = "ceiq.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
# The number of reverse proxies of our own in front of the application (each appends to
# X-Forwarded-For); the client's address is read that many entries from the end (ceiq.core.client).
# 0: no proxy, X-Forwarded-For is ignored. docker-compose.yml sets 1 (the production reverse proxy).
CEIQ_TRUSTED_PROXY_COUNT = env_int("CEIQ_TRUSTED_PROXY_COUNT", 0)
# Failed logins (ceiq.accounts.login_limits): CEIQ_LOGIN_ADDRESS_LIMIT a minute per client address;
# CEIQ_LOGIN_ATTEMPTS_LIMIT per (account, address) over 5 minutes; past CEIQ_LOGIN_ACCOUNT_CEILING
# failures in an hour on one account (from any address), each further attempt from an address that
# never logged into it waits a doubling delay (CEIQ_LOGIN_SLOWDOWN_BASE_SECONDS, at most
# CEIQ_LOGIN_SLOWDOWN_MAX_SECONDS): slowed, never locked. A successful password reset clears them.
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{env_int('CEIQ_LOGIN_ADDRESS_LIMIT', 20)}/m/ip,{env_int('CEIQ_LOGIN_ATTEMPTS_LIMIT', 5)}/300s/key"
    ),
}
CEIQ_LOGIN_ACCOUNT_CEILING = env_int("CEIQ_LOGIN_ACCOUNT_CEILING", 10)
CEIQ_LOGIN_SLOWDOWN_BASE_SECONDS = env_int("CEIQ_LOGIN_SLOWDOWN_BASE_SECONDS", 30)
CEIQ_LOGIN_SLOWDOWN_MAX_SECONDS = env_int("CEIQ_LOGIN_SLOWDOWN_MAX_SECONDS", 15 * 60)
# How long an address where a person logged in stays theirs (exempt from the account ceiling).
CEIQ_LOGIN_KNOWN_ADDRESS_SECONDS = env_int("CEIQ_LOGIN_KNOWN_ADDRESS_SECONDS", 30 * 24 * 60 * 60)
ACCOUNT_PREVENT_ENUMERATION = True
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portail CEIQ"

# Portal settings
CEIQ_REQUIRE_MFA = env_bool("CEIQ_REQUIRE_MFA", False)
CEIQ_INVITATION_DAYS = env_int("CEIQ_INVITATION_DAYS", 14)
# The model whose rows are people: the access log names their records by number, never by name.
CEIQ_PERSON_MODEL = "participants.Participant"
CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS = [
    int(m) for m in os.environ.get("CEIQ_POST_PATHWAY_FOLLOW_UP_MONTHS", "3,6,12").split(",") if m
]
CEIQ_RETENTION_YEARS = env_int("CEIQ_RETENTION_YEARS", 7)
CEIQ_ANNUAL_REPORT_DAY = os.environ.get("CEIQ_ANNUAL_REPORT_DAY", "04-15")  # MM-DD, after the 31 March close
CEIQ_BASE_URL = os.environ.get("CEIQ_BASE_URL", "http://127.0.0.1:8000")
# Matching proposes pathways ending within this many weeks, and leavers of the last N months
# (an empty CEIQ_MATCHING_LEAVER_MONTHS means no bound; see docs/performance.md).
CEIQ_MATCHING_HORIZON_WEEKS = env_int("CEIQ_MATCHING_HORIZON_WEEKS", 8)
CEIQ_MATCHING_LEAVER_MONTHS = (
    None if os.environ.get("CEIQ_MATCHING_LEAVER_MONTHS") == "" else env_int("CEIQ_MATCHING_LEAVER_MONTHS", 24)
)
# Report renders (see README, "Jobs that never hang"): a render without a heartbeat for the lease
# belongs to a stopped worker; every sweep (a beat task) queues such runs again, up to the maximum
# number of attempts, then fails them with a reason. The lease must exceed the longest step of a
# render (the PDF of the network report); lease + sweep is how long a killed worker delays a report.
# CELERY_VISIBILITY_TIMEOUT (below) only bounds the broker's own redelivery and stays much longer.
CEIQ_REPORT_LEASE_SECONDS = env_int("CEIQ_REPORT_LEASE_SECONDS", 600)
CEIQ_REPORT_SWEEP_SECONDS = env_int("CEIQ_REPORT_SWEEP_SECONDS", 60)
CEIQ_REPORT_MAX_ATTEMPTS = env_int("CEIQ_REPORT_MAX_ATTEMPTS", 3)

# Celery: in-process (eager) unless a broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not (os.environ.get("CELERY_BROKER_URL") or REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 14 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60)}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Each coordinator gets the post-pathway follow-ups that became overdue (daily).
    "notify-overdue-post-pathway-follow-ups": {
        "task": "participants.tasks.notify_overdue_post_pathway_follow_ups",
        "schedule": crontab(hour=6, minute=30),
    },
    # Report runs whose worker stopped: queued again, or failed with a reason (see the lease above).
    "sweep-stale-report-runs": {
        "task": "reporting.tasks.sweep_stale_report_runs",
        "schedule": timedelta(seconds=CEIQ_REPORT_SWEEP_SECONDS),
    },
    # Runs daily; generates last fiscal year's reports on CEIQ_ANNUAL_REPORT_DAY (idempotent).
    "generate-annual-reports": {
        "task": "reporting.tasks.generate_annual_reports",
        "schedule": crontab(hour=3, minute=0),
    },
}

# Content-Security-Policy: no inline scripts, nothing from outside.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
