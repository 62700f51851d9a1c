"""Error pages in Dutch that reveal nothing: not what was asked for, nor whether it exists."""
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def _render(request, status):
    # Rendered without the request context processors where the request may be broken.
    return render(request, f"errors/{status}.html", status=status)


@login_not_required
def bad_request(request, exception=None):
    return _render(request, 400)


@login_not_required
def permission_denied(request, exception=None):
    return _render(request, 403)


@login_not_required
def page_not_found(request, exception=None):
    return _render(request, 404)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent without a valid token (mostly because the session ended in between) gets the
    403 page, which says to reload and try again. Django's own page (English, with the reason) only under DEBUG with
    ``DEBUG_FOUTPAGINAS``."""
    if settings.DEBUG and settings.DEBUG_FOUTPAGINAS:
        from django.views.csrf import csrf_failure as django_csrf_failure

        return django_csrf_failure(request, reason=reason)
    return _render(request, 403)


def _database_weg(exc):
    """The database could not be reached (or dropped the connection): not a bug of ours, a 503."""
    return isinstance(exc, OperationalError | InterfaceError)


@login_not_required
def server_error(request):
    exc = sys.exc_info()[1]
    if exc is not None and _database_weg(exc):
        # Rendered without the request: its context processors (the menu, the user) would ask the database again.
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = "60"
        return response
    return _render(request, 500)
