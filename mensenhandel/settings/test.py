"""Tests: the database comes from DATABASE_URL (PostgreSQL in CI), jobs run in-process unless a test
starts a real worker itself, mail goes to Django's locmem outbox."""
from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa99887766"
# A fixed key for the hit/no-hit index (treffers), so a test can compute the expected hashes.
TREFFERS_HMAC_KEY = "test-only-not-secret-treffers-0123456789abcdef"
DEBUG = False
DEMO_MODE = env.bool("DEMO_MODE", default=True)
ALLOWED_HOSTS = ["*"]
JOBS_EAGER = True
# In the request, right after the commit: a test sees the job's result when the response is there.
JOBS_IN_THREAD = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The tests' PostgreSQL sessions do not wait for the disk at each commit (the live-server, worker and seeding tests
# commit thousands of times); a crash loses nothing a test needs. Production keeps PostgreSQL's default.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _opties = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _opties["options"] = f"{_opties.get('options', '')} -c synchronous_commit=off".strip()
