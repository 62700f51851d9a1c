"""System checks of the platform (`manage.py check`)."""
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs, **kwargs):
    """A deployment never runs in demo mode: it allows log-in with a password alone and seed_demo's accounts share a
    published password."""
    if getattr(settings, "DEMO_MODE", False):
        return [Error(
            "DEMO_MODE is on.",
            hint="Demo mode allows log-in without a second factor and the demo accounts' published password. "
                 "Unset DEMO_MODE for any deployment.",
            id="mensenhandel.E001",
        )]
    return []
