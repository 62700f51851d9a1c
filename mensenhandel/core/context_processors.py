from django.conf import settings

from .navigation import items_for


def site(request):
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_items": items_for(getattr(request, "user", None), request.path),
        # Read by static/js/sessie.js (data attributes on <body>): warn before the session ends for inactivity.
        "sessie_seconden": settings.SESSION_COOKIE_AGE,
        "sessie_waarschuwing": settings.SESSION_WARNING_SECONDS,
    }
