from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .services import has_second_factor


class RequireSecondFactorMiddleware:
    """Nobody works with a password alone: a logged-in session must have passed the code step.

    Only in DEMO_MODE may a user who has no authenticator enrolled work without one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and not self._demo_exempt(request):
            logout(request)
            messages.warning(request, _("Log in again with your password and the code from your authenticator app."))
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    @staticmethod
    def _demo_exempt(request):
        if not settings.DEMO_MODE:
            return False
        if "demo_zonder_2fa" not in request.session:
            request.session["demo_zonder_2fa"] = not has_second_factor(request.user)
        return request.session["demo_zonder_2fa"]
