"""A small but real OpenID Connect provider for the tests (issue 22), run as its own process.

    python tests/oidc_provider.py            # prints "READY <port>" and serves on 127.0.0.1 until stopped

It speaks HTTP like any provider: discovery (``/.well-known/openid-configuration``), ``/authorize`` (a log-in form;
code flow only, PKCE S256 required), ``/token`` (client secret by POST or Basic; checks code, redirect_uri and
code_verifier; the code works once), ``/userinfo``, ``/jwks`` (RS256 key) and ``/logout`` (end_session_endpoint).

Tests set it up over HTTP: ``POST /_test/state`` with JSON {"clients": {client_id: {"secret", "redirect_uris",
"post_logout_redirect_uris"}}, "users": {login: claims}, "token": {claim overrides for the next ID tokens, plus
"exp_offset"/"iat_offset" in seconds}}; ``GET /_test/log`` lists what happened (authorize, token, logout).
"""
import base64
import hashlib
import html
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "test-" + secrets.token_hex(4)
LOCK = threading.Lock()
STATE = {"clients": {}, "users": {}, "token": {}, "codes": {}, "access_tokens": {}, "log": []}


def _b64(number):
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwks():
    public = KEY.public_key().public_numbers()
    return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID, "n": _b64(public.n), "e": _b64(public.e)}]}


class Handler(BaseHTTPRequestHandler):
    server_version = "TestOIDC/1"

    def log_message(self, *args):  # quiet
        pass

    @property
    def issuer(self):
        return f"http://{self.headers.get('Host')}"

    # --- helpers -------------------------------------------------------------------------------------------------

    def _send(self, status, body, content_type="application/json", headers=None):
        data = (json.dumps(body) if content_type == "application/json" else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if "html" in content_type else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _form(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            return json.loads(raw or "{}")
        return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}

    def _query(self):
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query, keep_blank_values=True).items()}

    def _log(self, event, **data):
        with LOCK:
            STATE["log"].append({"event": event, "time": time.time(), **data})

    # --- routes --------------------------------------------------------------------------------------------------

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/.well-known/openid-configuration":
            return self._send(200, {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "end_session_endpoint": f"{self.issuer}/logout",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                "scopes_supported": ["openid", "email", "profile"],
            })
        if path == "/jwks":
            return self._send(200, jwks())
        if path == "/authorize":
            return self._authorize(self._query(), None)
        if path == "/userinfo":
            return self._userinfo()
        if path == "/logout":
            return self._logout(self._query())
        if path == "/_test/log":
            with LOCK:
                return self._send(200, list(STATE["log"]))
        return self._send(404, {"error": "not_found"})

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/authorize":
            form = self._form()
            return self._authorize(json.loads(form.get("request", "{}")), form.get("login", ""))
        if path == "/token":
            return self._token(self._form())
        if path == "/_test/state":
            update = self._form()
            with LOCK:
                for name in ("clients", "users", "token"):
                    if name in update:
                        STATE[name] = update[name]
                if update.get("reset_log"):
                    STATE["log"].clear()
            return self._send(200, {"ok": True})
        return self._send(404, {"error": "not_found"})

    def _authorize(self, params, login):
        client = STATE["clients"].get(params.get("client_id", ""))
        redirect_uri = params.get("redirect_uri", "")
        if client is None or redirect_uri not in client["redirect_uris"]:
            # Never redirect to an address the client did not register.
            return self._send(400, "<p>Onbekende client of redirect_uri.</p>", "text/html")
        state = params.get("state", "")

        def error(code):
            self._log("authorize_error", error=code)
            return self._redirect(f"{redirect_uri}?{urlencode({'error': code, 'state': state})}")

        if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
            return error("unsupported_response_type")
        if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
            return error("invalid_request")  # PKCE is required here
        if login is None:
            # The provider's own log-in page (the password of this fake provider is not asked).
            return self._send(200, (
                "<!doctype html><html lang='nl'><head><title>Test-IdP</title></head><body><main>"
                "<h1>Inloggen bij de test-IdP</h1><form method='post' action='/authorize'>"
                f"<input type='hidden' name='request' value='{html.escape(json.dumps(params), quote=True)}'>"
                "<label for='login'>Gebruikersnaam</label> <input id='login' name='login'> "
                "<button type='submit'>Doorgaan</button></form></main></body></html>"
            ), "text/html")
        claims = STATE["users"].get(login)
        if claims is None:
            return error("access_denied")
        code = secrets.token_urlsafe(24)
        with LOCK:
            STATE["codes"][code] = {
                "client_id": params["client_id"], "redirect_uri": redirect_uri, "claims": dict(claims),
                "nonce": params.get("nonce"), "challenge": params["code_challenge"], "expires": time.time() + 60,
            }
        self._log("authorize", login=login, acr_values=params.get("acr_values"))
        return self._redirect(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")

    def _client_auth(self, form):
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            client_id, _sep, secret = base64.b64decode(header[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        client = STATE["clients"].get(client_id)
        if client is None or not secrets.compare_digest(client["secret"], secret):
            return None
        return client_id

    def _token(self, form):
        client_id = self._client_auth(form)
        if client_id is None:
            return self._send(401, {"error": "invalid_client"})
        if form.get("grant_type") != "authorization_code":
            return self._send(400, {"error": "unsupported_grant_type"})
        with LOCK:
            grant = STATE["codes"].pop(form.get("code", ""), None)  # a code works once
        if grant is None or grant["expires"] < time.time() or grant["client_id"] != client_id:
            return self._send(400, {"error": "invalid_grant"})
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._send(400, {"error": "invalid_grant", "error_description": "redirect_uri"})
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or challenge != grant["challenge"]:
            self._log("token_error", error="pkce")
            return self._send(400, {"error": "invalid_grant", "error_description": "PKCE"})
        now = int(time.time())
        overrides = dict(STATE["token"])
        exp_offset = int(overrides.pop("exp_offset", 300))
        iat_offset = int(overrides.pop("iat_offset", 0))
        claims = grant["claims"]
        id_token = {
            "iss": self.issuer, "aud": client_id, "azp": client_id, "iat": now + iat_offset,
            "exp": now + exp_offset, "auth_time": now, "nonce": grant["nonce"], **claims, **overrides,
        }
        access_token = secrets.token_urlsafe(24)
        with LOCK:
            STATE["access_tokens"][access_token] = {
                name: claims[name] for name in ("sub", "email", "email_verified", "name") if name in claims
            }
        self._log("token", client_id=client_id, pkce=True)
        signed = jwt.encode(id_token, KEY, algorithm="RS256", headers={"kid": KID})
        return self._send(200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300,
                                "id_token": signed})

    def _userinfo(self):
        token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        claims = STATE["access_tokens"].get(token)
        if claims is None:
            return self._send(401, {"error": "invalid_token"})
        return self._send(200, claims)

    def _logout(self, params):
        hint = params.get("id_token_hint", "")
        try:
            hinted = jwt.decode(hint, KEY.public_key(), algorithms=["RS256"], options={"verify_aud": False,
                                                                                      "verify_exp": False})
        except jwt.InvalidTokenError:
            hinted = {}
        target = params.get("post_logout_redirect_uri", "")
        client = STATE["clients"].get(params.get("client_id") or hinted.get("aud", ""))
        self._log("logout", client_id=params.get("client_id"), sub=hinted.get("sub"), hint_valid=bool(hinted),
                  post_logout_redirect_uri=target)
        if client and target in client.get("post_logout_redirect_uris", []):
            return self._redirect(target)
        return self._send(200, "<!doctype html><html lang='nl'><title>Uitgelogd</title><p>Uitgelogd.</p></html>",
                          "text/html")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
