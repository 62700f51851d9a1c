"""Development: `make run`. SQLite, jobs in-process (in a thread), demo mode on unless the environment says otherwise."""
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("DEMO_MODE", default=True)
# A development key is fine here and only here; production refuses to start without a real one.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-3b1f0c2e9d8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a")
# The same for the key of the hit/no-hit index (treffers): published, so production refuses it.
TREFFERS_HMAC_KEY = env.str("TREFFERS_HMAC_KEY", default="dev-only-not-secret-treffers-5e0c9a7b3d1f2e4a6c8b0d9f")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Links in e-mails and calendar files point to the development server: `make run` passes its PORT.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip("/")
# In-process jobs run in a thread after the response (the progress pages show what production shows).
JOBS_IN_THREAD = env.bool("JOBS_IN_THREAD", default=True)
