"""``manage.py check --deploy`` fails without a real key for the hit/no-hit index, under whatever settings."""
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_treffers_key(app_configs, **kwargs):
    key = getattr(settings, "TREFFERS_HMAC_KEY", "") or ""
    if len(key) < 32 or len(set(key)) < 5 or key.startswith(("dev-", "test-")):
        return [Error(
            "TREFFERS_HMAC_KEY is missing or not a real secret.",
            hint="Set TREFFERS_HMAC_KEY in the environment to at least 32 random characters (see .env.example).",
            id="treffers.E001",
        )]
    return []
