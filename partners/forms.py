from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Log-in by e-mail; one message for every failure, so it never reveals whether an address exists."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True, "class": "utrecht-textbox"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "utrecht-textbox"}),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail address or password is not correct, or this account cannot log in. Check what you typed "
            "and try again."
        ),
        "inactive": _(
            "The e-mail address or password is not correct, or this account cannot log in. Check what you typed "
            "and try again."
        ),
    }
