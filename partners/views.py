"""Log-in (password, then the code from the authenticator app), account links and the account page."""
import base64
import time
from urllib.parse import parse_qs, urlsplit

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import lockout, oidc, services
from .forms import (
    ActivationForm,
    CodeForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
)
from .forms import NewPasswordForm as PasswordResetForm
from .models import AccountLinkSoort

PENDING_KEY = "inloggen_wacht_op_code"
# After a log-in with an organisation account: its provider and id_token, for the provider's log-out.
OIDC_SESSION_KEY = "oidc_login"
# The code must follow the password within this many seconds.
PENDING_SECONDS = 5 * 60

public = method_decorator([login_not_required, never_cache], name="dispatch")


@public
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "partners/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(oidc_providers=list(oidc.providers().values()), **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get(self.redirect_field_name, "/") != "/" and not request.user.is_authenticated:
            messages.info(
                request,
                _("Log in to continue. If you were logged in, your session has ended after a period of inactivity."),
            )
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if services.has_second_factor(user):
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "since": time.time(),
                "next": self.get_redirect_url(),
            }
            return redirect("login_code")
        if settings.DEMO_MODE:
            return super().form_valid(form)
        form.add_error(
            None,
            _(
                "Your account has no second factor yet. Use the link from your invitation e-mail, or ask the "
                "functional administration for a new invitation."
            ),
        )
        return self.form_invalid(form)


@public
class LoginCodeView(FormView):
    """Second step of the log-in: a code from the authenticator app or a backup code."""

    form_class = CodeForm
    template_name = "partners/login_code.html"

    def dispatch(self, request, *args, **kwargs):
        pending = request.session.get(PENDING_KEY)
        self.user = None
        if pending and time.time() - pending["since"] <= PENDING_SECONDS:
            self.user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
        if self.user is None:
            request.session.pop(PENDING_KEY, None)
            messages.info(request, _("Log in with your e-mail address and password first."))
            return redirect("login")
        self.pending = pending
        credentials = {"username": self.user.email}
        if AxesProxyHandler.is_locked(request, credentials):
            request.session.pop(PENDING_KEY, None)
            return lockout.locked_out(request, credentials)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        via = self.pending.get("oidc")
        return super().get_context_data(oidc_provider=oidc.provider(via["provider"]) if via else None, **kwargs)

    def form_valid(self, form):
        device = match_token(self.user, form.cleaned_data["code"])
        if device is None:
            user_login_failed.send(
                sender=__name__, credentials={"username": self.user.email}, request=self.request
            )
            if AxesProxyHandler.is_locked(self.request, {"username": self.user.email}):
                self.request.session.pop(PENDING_KEY, None)
                return lockout.locked_out(self.request, {"username": self.user.email})
            form.add_error("code", _("This code is not correct or has expired. Try the code that is shown now."))
            return self.form_invalid(form)
        del self.request.session[PENDING_KEY]
        self.user.backend = self.pending["backend"]
        via = self.pending.get("oidc")
        prov = oidc.provider(via["provider"]) if via else None
        if prov is not None:
            self.user.audit_omschrijving = oidc.login_description(prov, second_factor_by_provider=False)
        login(self.request, self.user)
        otp_login(self.request, device)
        if prov is not None:
            self.request.session[OIDC_SESSION_KEY] = via
        if isinstance(device, StaticDevice):
            left = StaticToken.objects.filter(device__user=self.user).count()
            messages.warning(
                self.request,
                _("You used a backup code; %(count)s remain. Make new ones on your account page.") % {"count": left},
            )
        target = self.pending.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure()):
            target = settings.LOGIN_REDIRECT_URL
        return redirect(target or settings.LOGIN_REDIRECT_URL)


class LogoutView(auth_views.LogoutView):
    """Ends our session and, after a log-in with an organisation account, the provider's too (RP-initiated logout)
    where the provider offers it; it sends the browser back to the log-in page."""

    def post(self, request, *args, **kwargs):
        via = request.session.get(OIDC_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have been logged out."))
        prov = oidc.provider(via.get("provider")) if isinstance(via, dict) else None
        if prov is not None:
            back = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
            target = oidc.logout_url(prov, via.get("id_token"), back)
            if target:
                return HttpResponseRedirect(target)
        return response


def _oidc_failed(request, prov, refused=False):
    naam = prov.naam if prov else _("your organisation")
    if refused:
        text = _(
            "You cannot log in here with this account of %(provider)s. Log in with your e-mail address and password, "
            "or ask the functional administration whether your account can use it."
        )
    else:
        text = _(
            "Logging in with %(provider)s did not succeed. Try again, or log in with your e-mail address and password."
        )
    messages.error(request, text % {"provider": naam})
    return redirect("login")


def _safe_next(request, target):
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return settings.LOGIN_REDIRECT_URL
    return target


@public
class OidcStartView(OIDCAuthenticationRequestView):
    """"Inloggen met <organisatie>": to the provider's log-in (code flow with PKCE, state and nonce; the library's
    view), for the provider named in ``?provider=``."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library's reads one provider from the settings; ours comes per request

    def get_settings(self, attr, *args):
        return self.backend.get_settings(attr, *args)

    def get_extra_params(self, request):
        return {"acr_values": self.provider.acr_values} if self.provider.acr_values else {}

    def get(self, request):
        self.provider = oidc.provider(request.GET.get("provider"))
        if self.provider is None:
            raise Http404
        try:
            self.backend = oidc.OidcBackend(self.provider)
        except oidc.Failed as error:
            oidc.log_refusal(self.provider, f"fout: {error.reason}")
            return _oidc_failed(request, self.provider)
        self.OIDC_OP_AUTH_ENDPOINT = self.backend.OIDC_OP_AUTHORIZATION_ENDPOINT
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = self.provider.key
        request.session.modified = True
        return response


@public
class OidcCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code. The account is matched by issuer and ``sub`` (linked by
    e-mail on the first log-in); the provider's second factor counts only when its acr/amr says so, otherwise the
    code from the authenticator app follows (``LoginCodeView``). Every outcome goes to the audit log."""

    def get(self, request):
        states = request.session.get("oidc_states")
        state = request.GET.get("state", "")
        entry = states.pop(state, None) if isinstance(states, dict) else None
        request.session.modified = True
        prov = oidc.provider(entry.get("provider")) if entry else None
        if prov is None:
            # Not started here, started twice, or a provider that is no longer configured.
            oidc.log_refusal(None, "fout: onbekende of verlopen state")
            return _oidc_failed(request, None)
        if request.GET.get("error") or not request.GET.get("code"):
            oidc.log_refusal(prov, f"fout van de provider: {request.GET.get('error', 'geen code')[:60]}")
            return _oidc_failed(request, prov)
        try:
            backend = oidc.OidcBackend(prov)
            user = backend.authenticate(
                request, oidc_provider=prov, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
            )
        except oidc.Refused as refusal:
            oidc.log_refusal(prov, f"geweigerd: {refusal.reason}", refusal.user)
            return _oidc_failed(request, prov, refused=True)
        except oidc.Failed as error:
            oidc.log_refusal(prov, f"fout: {error.reason}")
            return _oidc_failed(request, prov)
        if user is None:
            oidc.log_refusal(prov, "fout: geen account")
            return _oidc_failed(request, prov)
        self.user = user
        target = _safe_next(request, request.session.pop("oidc_login_next", None))
        via = {"provider": prov.key, "id_token": backend.id_token}
        if prov.second_factor_from(backend.claims):
            user.audit_omschrijving = oidc.login_description(prov, second_factor_by_provider=True)
            login(request, user, backend=oidc.BACKEND_PATH)
            otp_login(request, backend.koppeling)
            request.session[OIDC_SESSION_KEY] = via
            return redirect(target)
        if services.has_second_factor(user):
            request.session[PENDING_KEY] = {
                "user": user.pk, "backend": oidc.BACKEND_PATH, "since": time.time(), "next": target, "oidc": via,
            }
            return redirect("login_code")
        if settings.DEMO_MODE:
            user.audit_omschrijving = f"OIDC {prov.issuer} (demo, zonder tweede factor)"
            login(request, user, backend=oidc.BACKEND_PATH)
            request.session[OIDC_SESSION_KEY] = via
            return redirect(target)
        oidc.log_refusal(prov, "geweigerd: geen tweede factor", user)
        messages.error(
            request,
            _(
                "Your account has no second factor yet. Use the link from your invitation e-mail, or ask the "
                "functional administration for a new invitation."
            ),
        )
        return redirect("login")


def _link_invalid(request):
    return render(request, "partners/link_ongeldig.html", status=404)


def _secret_for_display(device):
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@public
class ActivationView(View):
    """The invitation link: set a password and enrol the authenticator app in one form."""

    template_name = "partners/activeren.html"

    def dispatch(self, request, token, *args, **kwargs):
        if request.user.is_authenticated:
            logout(request)
        self.link = services.find_link(token, AccountLinkSoort.UITNODIGING)
        if self.link is None:
            return _link_invalid(request)
        self.device = services.pending_totp_device(self.link.user)
        return super().dispatch(request, token, *args, **kwargs)

    def _render(self, form):
        qr = segno.make(self.device.config_url, error="m")
        context = {
            "form": form,
            "account": self.link.user,
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
            "secret": _secret_for_display(self.device),
            "verloopt": self.link.verloopt,
        }
        return render(self.request, self.template_name, context)

    def get(self, request, token):
        return self._render(ActivationForm(self.link.user, self.device))

    def post(self, request, token):
        form = ActivationForm(self.link.user, self.device, request.POST)
        if not form.is_valid():
            return self._render(form)
        try:
            codes = services.activate(self.link, form.cleaned_data["password1"], self.device)
        except ValueError:
            return _link_invalid(request)
        response = render(request, "partners/activeren_klaar.html", {"codes": codes, "account": self.link.user})
        response["Cache-Control"] = "no-store"
        return response


@public
class PasswordResetRequestView(FormView):
    form_class = PasswordResetRequestForm
    template_name = "partners/wachtwoord_vergeten.html"

    def form_valid(self, form):
        services.request_password_reset(form.cleaned_data["email"])
        messages.success(
            self.request,
            _(
                "If an active account has this e-mail address, we have sent it a link to choose a new password. "
                "The link is valid for 72 hours."
            ),
        )
        return redirect("login")


@public
class PasswordResetView(View):
    template_name = "partners/wachtwoord_herstellen.html"

    def dispatch(self, request, token, *args, **kwargs):
        self.link = services.find_link(token, AccountLinkSoort.WACHTWOORD_HERSTEL)
        if self.link is None:
            return _link_invalid(request)
        return super().dispatch(request, token, *args, **kwargs)

    def get(self, request, token):
        return render(request, self.template_name, {"form": PasswordResetForm(self.link.user)})

    def post(self, request, token):
        form = PasswordResetForm(self.link.user, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        try:
            services.reset_password(self.link, form.cleaned_data["password1"])
        except ValueError:
            return _link_invalid(request)
        if request.user.is_authenticated:
            logout(request)
        messages.success(request, _("Your password has been changed. Log in with your new password."))
        return redirect("login")


class AccountView(TemplateView):
    template_name = "partners/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            heeft_tweede_factor=services.has_second_factor(user),
            reservecodes=StaticToken.objects.filter(device__user=user).count(),
            **kwargs,
        )


class PasswordChangeView(FormView):
    template_name = "partners/wachtwoord_wijzigen.html"
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {"user": self.request.user, **super().get_form_kwargs()}

    def form_valid(self, form):
        services.change_password(self.request.user, form.cleaned_data["password1"])
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect("account:overzicht")


class BackupCodesView(View):
    """New backup codes replace the old ones; they are shown once."""

    def post(self, request):
        if not services.has_second_factor(request.user):
            messages.error(request, _("Backup codes belong to an authenticator app, which your account does not have."))
            return redirect("account:overzicht")
        codes = services.regenerate_backup_codes(request.user)
        response = render(request, "partners/reservecodes.html", {"codes": codes})
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        return redirect("account:overzicht")


class LogoutEverywhereView(View):
    def post(self, request):
        services.logout_everywhere(request.user)
        logout(request)
        messages.success(request, _("You have been logged out on every device."))
        return redirect(reverse("login"))


class KeepSessionView(View):
    """Called by the session warning: any request renews the session; this one does nothing else."""

    def post(self, request):
        return HttpResponse(status=204)
