"""Settings shared by every situation. Deploy-specific values come from the environment."""
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is read when present (never committed; see .env.example).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
# Under DEBUG a 404 and a CSRF failure show the product's own Dutch error pages, as in production
# (mensenhandel.core.middleware.DebugErrorPagesMiddleware); this brings back Django's English debug pages (the URL
# list, the reason of a CSRF failure). A 500 shows Django's traceback under DEBUG either way.
DEBUG_FOUTPAGINAS = env.bool("DEBUG_FOUTPAGINAS", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo mode shows a banner on every page and allows the demo accounts (seed_demo).
DEMO_MODE = env.bool("DEMO_MODE", default=False)

VAR_DIR = Path(env.str("VAR_DIR", default="") or BASE_DIR / "var")

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: every page writes an audit row, so two requests at once must wait for each other, not fail with
    # "database is locked". WAL lets readers run beside the writer; a write transaction takes its lock at BEGIN
    # (IMMEDIATE) and waits up to 20 s for it instead of failing when it tries to upgrade a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    })


def zonder_jit(database):
    """PostgreSQL: no JIT compilation. This application's queries are many and short; the JIT compiler took over
    150 ms to compile a 200 ms query the planner estimated as expensive (issue 14's meeting page), more than it saves
    on any query here. Kept beside options the URL gives."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        opties = database.setdefault("OPTIONS", {})
        opties["options"] = f"{opties.get('options', '')} -c jit=off".strip()
    return database


zonder_jit(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_filters",
    "django_htmx",
    "csp",
    "mensenhandel.core",
    "mensenhandel.audit",
    "mensenhandel.jobs",
    "mensenhandel.bewaren",
    "tafels",
    "partners",
    "signalen",
    "casusoverleg",
    "barrieres",
    "treffers",
    "rapportage",
    "importeren",
]

MIDDLEWARE = [
    # First, so that every response carries it: the log-in page, static files and error pages included.
    "mensenhandel.core.middleware.PermissionsPolicyMiddleware",
    # /health/live and /health/ready, answered before the host check, the https redirect, the session and log-in.
    "mensenhandel.core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partners.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mensenhandel.audit.middleware.AuditContextMiddleware",
    # Only under DEBUG (else not used): a 404 answers with the product's page instead of Django's debug page.
    "mensenhandel.core.middleware.DebugErrorPagesMiddleware",
    # Last, as django-axes asks: turns a lock-out into our Dutch lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mensenhandel.urls"
# A form sent without a valid CSRF token (mostly: the session ended in between) gets the product's Dutch 403 page.
CSRF_FAILURE_VIEW = "mensenhandel.core.errors.csrf_failure"
WSGI_APPLICATION = "mensenhandel.wsgi.application"
ASGI_APPLICATION = "mensenhandel.asgi.application"

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
                "mensenhandel.core.context_processors.site",
            ],
        },
    },
]

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses to authenticate a locked-out account or address at all.
    "axes.backends.AxesStandaloneBackend",
    "partners.backends.EmailBackend",
    # Log-in with the organisation's own account (OpenID Connect); only its own callback view authenticates with it.
    "partners.oidc.OidcBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# OpenID Connect providers (issue 22): a JSON object {"<key>": {"naam", "issuer", "client_id", "organisaties",
# "domeinen", "mfa_acr", "mfa_amr", ...}}, each client secret in OIDC_<KEY>_CLIENT_SECRET. See .env.example, README.
OIDC_PROVIDERS = env.json("OIDC_PROVIDERS", default={})
# No anonymous guardian user: anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# Lock-out after 5 failed attempts, per account and (separately) per IP address. The lock lifts after
# AXES_COOLOFF_HOURS or when the beheerder unlocks it; the message never says whether the account exists.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "partners.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "partners.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "partners.lockout.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "code"]
AXES_VERBOSE = False

# Number of reverse proxies in front of the application that append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Two-factor log-in (TOTP). Issuer shown in the authenticator app.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Ketenregie Mensenhandel")
# Invitation and password-reset links are valid this long and can be used once.
ACCOUNT_LINK_VALID_HOURS = 72
# Hit/no-hit across werkgebieden (treffers, issue 19): the secret key of the HMAC-SHA256 over the normalised KvK
# numbers, addresses and business names in the index. It lives in the environment, never in the database, so a dump
# of the database alone cannot be reversed. Production refuses to start without it (at least 32 characters).
TREFFERS_HMAC_KEY = env.str("TREFFERS_HMAC_KEY", default="")
# A user whose submissions produce at least this many treffers on one day is listed for the ketenregisseur (probing).
TREFFERS_DREMPEL_PER_DAG = env.int("TREFFERS_DREMPEL_PER_DAG", default=5)
# The address links in e-mails start with when no request is at hand (e.g. a background job).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# A session warns this many seconds before it ends for inactivity.
SESSION_WARNING_SECONDS = 5 * 60

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or VAR_DIR / "staticfiles")

# Uploaded files live outside the public web root and are only served through a view that
# checks access. There is deliberately no MEDIA_URL.
PROTECTED_FILES_ROOT = Path(env.str("PROTECTED_FILES_ROOT", default="") or VAR_DIR / "protected")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ketenregie Mensenhandel <noreply@ketenregie.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def _oidc_origins(configured):
    """The origins of the OIDC providers' issuers (and an explicit end_session_endpoint): where log-out may go."""
    from urllib.parse import urlsplit

    origins = []
    for conf in configured.values() if isinstance(configured, dict) else []:
        for url in (conf.get("issuer", ""), conf.get("end_session_endpoint", "")):
            parts = urlsplit(str(url))
            if parts.scheme in ("https", "http") and parts.netloc and f"{parts.scheme}://{parts.netloc}" not in origins:
                origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


# Content Security Policy: no unsafe-inline anywhere; a nonce where a script must be inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The log-out form ends at the OIDC provider's log-out (RP-initiated logout): its origin may be a target.
        "form-action": [SELF, *_oidc_origins(OIDC_PROVIDERS)],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page of this product uses are switched off for every response (Permissions-Policy header).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)

# Background jobs. Without REDIS_URL every job runs in-process right after the commit that queued
# it (the zero set-up default); with it, jobs go to Redis and `celery -A mensenhandel worker`.
REDIS_URL = env.str("REDIS_URL", default="")
JOBS_EAGER = env.bool("JOBS_EAGER", default=not REDIS_URL)
# In-process jobs (JOBS_EAGER) in a thread of their own (development, `make run`): a job queued during a web request
# runs after the response, so the page shows its progress as in production; jobs left queued run when the development
# server starts. Off: right after the commit, in the request (the tests).
JOBS_IN_THREAD = env.bool("JOBS_IN_THREAD", default=False)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None  # results are rows in the database (jobs.Job), never held by Celery
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="mensenhandel")
CELERY_TIMEZONE = TIME_ZONE
# Publishing must not hang a web request when Redis is away: the outbox resends later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Redis gives an unacknowledged job (its worker died) to another worker after JOBS_VISIBILITY_TIMEOUT_SECONDS; the
# relay (JOBS_RESEND_SENT_AFTER_SECONDS, run every minute by beat) usually hands it over before that. The longest
# job (a report or an agenda set at national volume) takes well under a minute; a delivery that arrives while the
# job runs finds its row locked and does nothing (mensenhandel.jobs.services.execute).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0,
                                   "visibility_timeout": env.int("JOBS_VISIBILITY_TIMEOUT_SECONDS", default=240)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long a queued job may wait before the relay hands it to Celery again.
JOBS_RELAY_AFTER_SECONDS = env.int("JOBS_RELAY_AFTER_SECONDS", default=60)
# A job handed to a worker that is not running after this long (its worker died, or Redis lost it) is handed over again.
JOBS_RESEND_SENT_AFTER_SECONDS = env.int("JOBS_RESEND_SENT_AFTER_SECONDS", default=120)
# A job not finished after this long is overdue: its page offers "Opnieuw proberen".
JOBS_OVERDUE_AFTER_SECONDS = env.int("JOBS_OVERDUE_AFTER_SECONDS", default=600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "INFO"},
        # WeasyPrint and fontTools log every step of every PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pikepdf announces its logger bridge at INFO the first time a PDF upload is checked.
        "pikepdf": {"level": "WARNING"},
    },
}

# Static files are served by WhiteNoise; in development and tests straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG or env.bool("WHITENOISE_USE_FINDERS", default=False)
WHITENOISE_AUTOREFRESH = DEBUG
