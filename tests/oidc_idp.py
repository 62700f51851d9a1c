"""Starts tests/oidc_provider.py as its own process and talks to it over HTTP (issue 22)."""
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

CLIENT_ID = "ketenregie-test"
CLIENT_SECRET = "test-geheim-" + "x" * 20


class TestIdP:
    __test__ = False

    def __init__(self):
        script = Path(__file__).with_name("oidc_provider.py")
        self.process = subprocess.Popen(
            [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.process.kill()
            raise RuntimeError(f"the test OpenID provider did not start: {line!r}")
        self.port = int(line.split()[1])
        self.issuer = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def configure(self, *, redirect_uris, post_logout_redirect_uris=(), users=None, token=None):
        response = requests.post(f"{self.issuer}/_test/state", json={
            "clients": {CLIENT_ID: {"secret": CLIENT_SECRET, "redirect_uris": list(redirect_uris),
                                    "post_logout_redirect_uris": list(post_logout_redirect_uris)}},
            "users": users or {},
            "token": token or {},
            "reset_log": True,
        }, timeout=5)
        response.raise_for_status()

    def log(self):
        return requests.get(f"{self.issuer}/_test/log", timeout=5).json()

    def log_in(self, authorize_url, login):
        """What the browser does at the provider: open its log-in page, submit the form. Returns the redirect back."""
        page = requests.get(authorize_url, allow_redirects=False, timeout=5)
        if page.status_code == 302:  # an error goes straight back
            return page.headers["Location"]
        assert page.status_code == 200, page.text
        import html
        import re

        request_json = html.unescape(re.search(r"name='request' value='([^']*)'", page.text).group(1))
        back = requests.post(f"{self.issuer}/authorize", data={"request": request_json, "login": login},
                             allow_redirects=False, timeout=5)
        assert back.status_code == 302, back.text
        return back.headers["Location"]

    def provider_config(self, **extra):
        return {
            "naam": "Gemeente Enschede",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "organisaties": ["Gemeente Enschede", "Gemeente Hengelo"],
            "domeinen": ["enschede.example", "hengelo.example"],
            **extra,
        }


def query(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
