"""Response headers every page carries that Django has no setting for, and the product's error pages under DEBUG."""
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404
from django.urls import get_resolver, get_urlconf


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) to every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class DebugErrorPagesMiddleware:
    """Under DEBUG (``make run``) a 404 shows the product's own Dutch page (``handler404`` of mensenhandel/urls.py, status
    404), as in production, instead of Django's English debug page with the URL list. Without DEBUG Django uses the
    handlers itself and this middleware is not used; with ``DEBUG_FOUTPAGINAS`` neither (Django's debug pages, for a
    developer who wants the URL list).

    A 403 needs nothing here: Django answers ``PermissionDenied`` with ``handler403`` under DEBUG too, and a CSRF failure
    goes to ``CSRF_FAILURE_VIEW`` (``errors.csrf_failure``). A 500 keeps Django's traceback page under DEBUG: that is
    what a developer needs, and production has the product's page.
    """

    def __init__(self, get_response):
        if not settings.DEBUG or settings.DEBUG_FOUTPAGINAS:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            # The address matched no URL: Django answered with its debug page (a view's own 404 has a resolver_match).
            response = self._page_not_found(request, Http404(request.path))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return self._page_not_found(request, exception)
        return None

    @staticmethod
    def _page_not_found(request, exception):
        handler = get_resolver(get_urlconf()).resolve_error_handler(404)
        return handler(request, exception=exception)
