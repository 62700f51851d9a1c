"""Production: refuses to start without a real SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, zonder_jit


def _required(name):
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(("django-insecure", "dev-", "test-")):
    raise ImproperlyConfigured("SECRET_KEY is not a real secret: use at least 50 random characters.")
# The key of the hit/no-hit index (treffers, issue 19): without it no signal could be matched, with a published one
# the index could be reversed by guessing.
TREFFERS_HMAC_KEY = _required("TREFFERS_HMAC_KEY")
if len(TREFFERS_HMAC_KEY) < 32 or len(set(TREFFERS_HMAC_KEY)) < 5 or TREFFERS_HMAC_KEY.startswith(("dev-", "test-")):
    raise ImproperlyConfigured("TREFFERS_HMAC_KEY is not a real secret: use at least 32 random characters.")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host name for production.")
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS may not contain '*' in production.")
if env.bool("DEMO_MODE", default=False):
    raise ImproperlyConfigured(
        "DEMO_MODE may not be set in production: it allows log-in with a password alone and seed_demo's published "
        "demo password."
    )
DEMO_MODE = False
DATABASES = {"default": env.db_url_config(_required("DATABASE_URL"))}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
zonder_jit(DATABASES["default"])

DEBUG = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
