from django.conf import settings

from .navigation import items_for


def site(request):
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_items": items_for(getattr(request, "user", None), request.path),
    }
