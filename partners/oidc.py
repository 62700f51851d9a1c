"""Log in with the organisation's own account: OpenID Connect next to the password (issue 22).

mozilla-django-oidc speaks to one provider; here it speaks to several. Each provider comes from the environment
(``OIDC_PROVIDERS``, a JSON object keyed by a short key; the client secret in ``OIDC_<KEY>_CLIENT_SECRET``) and is
bound to organisations (by name) and e-mail domains. Its endpoints come from the issuer's discovery document.

- The first log-in links an existing, active account by e-mail address, only when the account belongs to one of the
  provider's organisations and the address to one of its domains; the link (``OidcKoppeling``) holds issuer and
  ``sub``, and from then on the account is found by those only, never by e-mail again. Nobody is created.
- The provider's second factor counts only when its ``acr`` or ``amr`` says so (``mfa_acr`` / ``mfa_amr``);
  otherwise the code from the authenticator app follows, as after the password.
- Every OIDC log-in, refusal and error is in the audit log with the issuer (never the e-mail address or ``sub``).
"""
import json
import logging
import os
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie

from .backends import EmailBackend
from .models import OidcKoppeling, User

LOGGER = logging.getLogger(__name__)
BACKEND_PATH = "partners.oidc.OidcBackend"
CALLBACK_URL_NAME = "oidc_callback"
DISCOVERY_SECONDS = 60 * 60
TIMEOUT_SECONDS = 10
# Seconds of clock difference with the provider that a token's iat/exp/nbf may have.
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class Provider:
    key: str
    naam: str
    issuer: str
    client_id: str
    client_secret: str
    organisaties: tuple
    domeinen: tuple
    mfa_acr: tuple = ()
    mfa_amr: tuple = ()
    acr_values: str = ""
    scopes: str = "openid email profile"
    sign_algo: str = "RS256"

    def second_factor_from(self, claims):
        """Did the provider itself ask for a second factor? Only what this provider is configured to trust counts."""
        if self.mfa_acr and str(claims.get("acr") or "") in self.mfa_acr:
            return True
        amr = claims.get("amr") or []
        if isinstance(amr, str):
            amr = [amr]
        return bool(self.mfa_amr and set(map(str, amr)) & set(self.mfa_amr))

    def allows_email(self, email):
        domein = (email or "").rsplit("@", 1)[-1].strip().lower()
        return "@" in (email or "") and domein in self.domeinen


def _list(value, what, key):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ImproperlyConfigured(f"OIDC_PROVIDERS[{key!r}].{what} must be a list of strings.")
    return tuple(v.strip() for v in value)


def parse_providers(raw, environ=None):
    """The providers of ``settings.OIDC_PROVIDERS`` (a dict, or its JSON text), checked. Raises ImproperlyConfigured."""
    environ = os.environ if environ is None else environ
    if isinstance(raw, str):
        raw = json.loads(raw) if raw.strip() else {}
    if not isinstance(raw, dict):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON object: {\"<key>\": {...}, ...}.")
    providers = {}
    for key, conf in raw.items():
        if not (isinstance(key, str) and key.replace("_", "").isalnum() and key.islower()):
            raise ImproperlyConfigured(f"OIDC_PROVIDERS: the key {key!r} must be lower-case letters, digits or _.")
        if not isinstance(conf, dict):
            raise ImproperlyConfigured(f"OIDC_PROVIDERS[{key!r}] must be an object.")
        missing = [name for name in ("naam", "issuer", "client_id", "organisaties", "domeinen") if not conf.get(name)]
        if missing:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS[{key!r}] lacks {', '.join(missing)}.")
        secret_name = f"OIDC_{key.upper()}_CLIENT_SECRET"
        secret = conf.get("client_secret") or environ.get(secret_name, "")
        if not secret:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS[{key!r}]: set its client secret in {secret_name}.")
        issuer = str(conf["issuer"]).rstrip("/")
        parts = urlsplit(issuer)
        local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")
        if not parts.netloc or not (parts.scheme == "https" or local):
            raise ImproperlyConfigured(f"OIDC_PROVIDERS[{key!r}].issuer must be an https URL.")
        providers[key] = Provider(
            key=key,
            naam=str(conf["naam"]),
            issuer=issuer,
            client_id=str(conf["client_id"]),
            client_secret=secret,
            organisaties=_list(conf["organisaties"], "organisaties", key),
            domeinen=tuple(d.lower().lstrip("@") for d in _list(conf["domeinen"], "domeinen", key)),
            mfa_acr=_list(conf.get("mfa_acr", []), "mfa_acr", key) if conf.get("mfa_acr") else (),
            mfa_amr=_list(conf.get("mfa_amr", []), "mfa_amr", key) if conf.get("mfa_amr") else (),
            acr_values=str(conf.get("acr_values", "")),
            scopes=str(conf.get("scopes", "openid email profile")),
            sign_algo=str(conf.get("sign_algo", "RS256")),
        )
    return providers


def providers():
    """The configured providers. A configuration that does not hold leaves them all out (the password log-in keeps
    working) and is reported by ``manage.py check`` (``check_configuration``) and in the log."""
    try:
        return parse_providers(getattr(settings, "OIDC_PROVIDERS", {}) or {})
    except (ImproperlyConfigured, ValueError) as error:
        LOGGER.error("OIDC_PROVIDERS is not valid, no provider is offered: %s", error)
        return {}


def check_configuration(app_configs=None, **kwargs):
    """System check: OIDC_PROVIDERS and each provider's client secret."""
    from django.core.checks import Error

    try:
        parse_providers(getattr(settings, "OIDC_PROVIDERS", {}) or {})
    except (ImproperlyConfigured, ValueError) as error:
        return [Error(f"OIDC_PROVIDERS: {error}", hint="See .env.example and the README.", id="partners.E001")]
    return []


def provider(key):
    return providers().get(key or "")


# --- discovery --------------------------------------------------------------------------------------------------

_discovery_cache = {}


def discovery(prov):
    """The provider's discovery document (``/.well-known/openid-configuration``), kept for an hour."""
    cached = _discovery_cache.get(prov.issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    response = requests.get(f"{prov.issuer}/.well-known/openid-configuration", timeout=TIMEOUT_SECONDS)
    response.raise_for_status()
    document = response.json()
    if str(document.get("issuer", "")).rstrip("/") != prov.issuer:
        raise SuspiciousOperation("The discovery document names another issuer.")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not document.get(name):
            raise SuspiciousOperation(f"The discovery document lacks {name}.")
    _discovery_cache[prov.issuer] = (time.monotonic() + DISCOVERY_SECONDS, document)
    return document


def clear_discovery_cache():
    _discovery_cache.clear()


# --- refusals and errors ---------------------------------------------------------------------------------------


class Refused(Exception):
    """The provider vouched for someone, but they may not log in here. ``reason`` goes to the audit log."""

    def __init__(self, reason, user=None):
        super().__init__(reason)
        self.reason = reason
        self.user = user


class Failed(Exception):
    """The log-in could not be completed (a token that does not hold, a provider that does not answer)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def log_refusal(prov_or_issuer, reason, user=None):
    issuer = getattr(prov_or_issuer, "issuer", prov_or_issuer) or "onbekende provider"
    audit.log(None, AuditActie.LOGIN_FAILED, user, organisatie=user.organisatie if user else None,
              omschrijving=f"OIDC {issuer}: {reason}")


def login_description(prov, second_factor_by_provider):
    """What the audit row of a successful log-in says (``audit_omschrijving`` on the user, see audit.signals)."""
    how = "tweede factor van de provider" if second_factor_by_provider else "met code uit de app"
    return f"OIDC {prov.issuer} ({how})"


# --- the backend -------------------------------------------------------------------------------------------------


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, per provider: token, signature (JWKS), nonce and PKCE come from the library;
    issuer, audience and expiry are checked here, and the account is matched by issuer and ``sub``.

    Django instantiates it without a provider for sessions (``get_user``); the callback view makes one per provider.
    It never authenticates through ``django.contrib.auth.authenticate`` (that is the password's way)."""

    def __init__(self, prov=None):
        self.UserModel = User
        self.provider = prov
        if prov is None:
            return
        try:
            document = discovery(prov)
        except (requests.RequestException, ValueError) as error:
            raise Failed("provider niet bereikbaar") from error
        self.discovery = document
        self.OIDC_OP_AUTHORIZATION_ENDPOINT = document["authorization_endpoint"]
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = prov.client_id
        self.OIDC_RP_CLIENT_SECRET = prov.client_secret
        self.OIDC_RP_SIGN_ALGO = prov.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.id_token = None
        self.claims = None
        self.koppeling = None

    _SETTINGS = {
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_VERIFY_SSL": True,
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_TOKEN_USE_BASIC_AUTH": False,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
    }

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES":
            return self.provider.scopes
        if attr in self._SETTINGS:
            return self._SETTINGS[attr]
        if attr == "OIDC_PROXY":
            return None
        return super().get_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        """Only the OIDC callback authenticates here (``oidc_provider`` given); a password log-in passes by."""
        if self.provider is None or kwargs.get("oidc_provider") is not self.provider:
            return None
        try:
            return super().authenticate(request, nonce=kwargs.get("nonce"), code_verifier=kwargs.get("code_verifier"))
        except requests.HTTPError as error:
            status = getattr(error.response, "status_code", "")
            raise Failed(f"provider weigerde de code ({status})") from error
        except requests.RequestException as error:
            raise Failed("provider niet bereikbaar") from error

    def get_user(self, user_id):
        """A session stays valid only while its account is active (as with the password), loaded as the password's
        sessions are (with its organisation and werkgebied)."""
        return EmailBackend.get_user(self, user_id)

    def _verify_jws(self, payload, key):
        try:
            return super()._verify_jws(payload, key)
        except jwt.ExpiredSignatureError as error:
            raise Failed("token verlopen") from error
        except jwt.ImmatureSignatureError as error:
            raise Failed("token nog niet geldig") from error
        except jwt.InvalidTokenError as error:
            raise Failed("ongeldig token") from error
        except SuspiciousOperation as error:
            raise Failed("ongeldige handtekening") from error

    def verify_token(self, token, **kwargs):
        """The library checks the signature (JWKS), expiry and nonce; the issuer and audience are checked here."""
        if not token:
            raise Failed("geen id_token")
        try:
            payload = super().verify_token(token, **kwargs)
        except SuspiciousOperation as error:
            reason = "nonce klopt niet" if "Nonce" in str(error) else "ongeldige handtekening"
            raise Failed(reason) from error
        if str(payload.get("iss", "")).rstrip("/") != self.provider.issuer:
            raise Failed("verkeerde issuer")
        audience = payload.get("aud")
        audience = [audience] if isinstance(audience, str) else list(audience or [])
        if self.provider.client_id not in audience:
            raise Failed("verkeerde audience")
        if len(audience) > 1 and payload.get("azp") != self.provider.client_id:
            raise Failed("verkeerde audience (azp)")
        now = time.time()
        if "exp" not in payload or float(payload["exp"]) < now - LEEWAY_SECONDS:
            raise Failed("token verlopen")
        if "iat" in payload and float(payload["iat"]) > now + LEEWAY_SECONDS:
            raise Failed("token uit de toekomst")
        if not payload.get("sub"):
            raise Failed("geen sub")
        return payload

    def store_tokens(self, access_token, id_token):
        # Kept on the backend; the view puts the id_token in the session only once the log-in is complete (for the
        # provider's log-out).
        self.id_token = id_token

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's when there is one (its ``sub`` must be the same)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            info = super().get_userinfo(access_token, id_token, payload)
            if str(info.get("sub", "")) != str(payload["sub"]):
                raise Failed("userinfo hoort bij een ander sub")
            for name, value in info.items():
                claims.setdefault(name, value)
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        self.claims = claims
        user, self.koppeling = match_account(self.provider, claims)
        return user


@transaction.atomic
def match_account(prov, claims):
    """The account the provider's ``(issuer, sub)`` belongs to, linking it on the first log-in. Nobody is created.

    Returns ``(user, koppeling)``; raises ``Refused`` with the reason for the audit log."""
    sub = str(claims["sub"])
    koppeling = (
        OidcKoppeling.objects.select_for_update().select_related("user__organisatie")
        .filter(issuer=prov.issuer, sub=sub).first()
    )
    if koppeling is not None:
        user = koppeling.user
        _check_account(prov, user)
        koppeling.laatst_gebruikt = timezone.now()
        koppeling.save(update_fields=["laatst_gebruikt"])
        return user, koppeling
    email = str(claims.get("email") or "").strip()
    if not email:
        raise Refused("geen e-mailadres van de provider")
    if claims.get("email_verified") is False:
        raise Refused("e-mailadres niet bevestigd bij de provider")
    if not prov.allows_email(email):
        raise Refused("e-maildomein hoort niet bij deze provider")
    user = User.objects.select_related("organisatie").filter(email__iexact=email).first()
    if user is None:
        raise Refused("onbekend account")
    _check_account(prov, user)
    if OidcKoppeling.objects.filter(user=user, issuer=prov.issuer).exists():
        # The account is already linked to another identity at this provider: an e-mail address that moved between
        # identities does not move the account with it.
        raise Refused("account al gekoppeld aan een andere identiteit bij deze provider", user)
    koppeling = OidcKoppeling.objects.create(
        user=user, name=f"OIDC {prov.key}"[:64], issuer=prov.issuer, sub=sub, confirmed=True,
        laatst_gebruikt=timezone.now(),
    )
    audit.log(None, AuditActie.CREATE, koppeling, organisatie=user.organisatie,
              omschrijving=f"OIDC {prov.issuer}: eerste log-in gekoppeld aan account {user.pk}")
    return user, koppeling


def _check_account(prov, user):
    if not user.is_active:
        raise Refused("account gedeactiveerd", user)
    if user.organisatie.naam not in prov.organisaties:
        raise Refused("organisatie hoort niet bij deze provider", user)


def logout_url(prov, id_token, post_logout_redirect_uri):
    """The provider's end_session_endpoint for RP-initiated logout, or None when it has none."""
    try:
        endpoint = discovery(prov).get("end_session_endpoint")
    except (requests.RequestException, ValueError, SuspiciousOperation):
        LOGGER.warning("OIDC %s: discovery failed at log-out", prov.issuer)
        return None
    if not endpoint:
        return None
    params = {"client_id": prov.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"

