from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from .forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "partners/login.html"
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        if request.GET.get(self.redirect_field_name, "/") != "/" and not request.user.is_authenticated:
            messages.info(
                request,
                _("Log in to continue. If you were logged in, your session has ended after a period of inactivity."),
            )
        return super().get(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have been logged out."))
        return response
