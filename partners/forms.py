from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.forms import Emailveld, Tekstveld

GENERIC_LOGIN_ERROR = _(
    "The e-mail address or password is not correct, or this account cannot log in. Check what you typed and try again."
)


def _textbox(**attrs):
    return {"class": "utrecht-textbox", **attrs}


class LoginForm(AuthenticationForm):
    """Log-in by e-mail; one message for every failure, so it never reveals whether an address exists."""

    username = Emailveld(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs=_textbox(autocomplete="username", autofocus=True)),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs=_textbox(autocomplete="current-password")),
    )

    error_messages = {"invalid_login": GENERIC_LOGIN_ERROR, "inactive": GENERIC_LOGIN_ERROR}


class CodeForm(forms.Form):
    code = Tekstveld(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6 digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs=_textbox(autocomplete="one-time-code", autofocus=True, spellcheck="false", autocapitalize="off")
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class NewPasswordForm(forms.Form):
    """A new password, typed twice, checked against the password rules for this user."""

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 12 characters; not only digits and not a common password."),
        widget=forms.PasswordInput(attrs=_textbox(autocomplete="new-password")),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs=_textbox(autocomplete="new-password")),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError(_("The two passwords are not the same."))
        if password2:
            password_validation.validate_password(password2, self.user)
        return password2


class ActivationForm(NewPasswordForm):
    code = Tekstveld(
        label=_("Code from your authenticator app"),
        max_length=10,
        help_text=_("After scanning the QR code, your app shows a code of 6 digits."),
        widget=forms.TextInput(
            attrs=_textbox(autocomplete="one-time-code", inputmode="numeric", spellcheck="false")
        ),
    )

    def __init__(self, user, device, *args, **kwargs):
        self.device = device
        super().__init__(user, *args, **kwargs)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if self.errors:
            # A code can be used once: keep it for the submission whose passwords are in order.
            return code
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("This code is not correct. Check the time on your phone and type the code that is shown now.")
            )
        return code


class PasswordChangeForm(NewPasswordForm):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs=_textbox(autocomplete="current-password")),
    )
    field_order = ["old_password", "password1", "password2"]

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("Your current password is not correct."))
        return old


class PasswordResetRequestForm(forms.Form):
    email = Emailveld(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs=_textbox(autocomplete="username", autofocus=True)),
    )
