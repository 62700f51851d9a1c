"""The HTTP side of ``benchmarks/bench.py``: gunicorn on loopback and a small browser-like client.

Only the standard library (``http.client``): one client keeps its cookies like a browser (session, CSRF token) and
times each request from sending it to having read the whole body. gunicorn's sync workers close the connection after
every response, so every request opens a new one; the floor page pays for that in the same way as every page.
"""
import http.client
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


class Antwoord:
    """One response: status, headers (case-insensitive lookup), body and the seconds it took."""

    def __init__(self, status, headers, body, seconden):
        self.status = status
        self.headers = {naam.lower(): waarde for naam, waarde in headers}
        self.body = body
        self.seconden = seconden

    @property
    def location(self):
        return self.headers.get("location", "")

    def tekst(self):
        return self.body.decode("utf-8", errors="replace")


class Klant:
    """A browser with a cookie jar, talking HTTP/1.1 to one host and port."""

    def __init__(self, host, port, timeout=900):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.cookies = {}

    def _cookies_bewaren(self, headers):
        for naam, waarde in headers:
            if naam.lower() != "set-cookie":
                continue
            jar = SimpleCookie()
            jar.load(waarde)
            for sleutel, morsel in jar.items():
                weg = morsel.value == "" or morsel["max-age"] in ("0", 0)
                if weg:
                    self.cookies.pop(sleutel, None)
                else:
                    self.cookies[sleutel] = morsel.value

    def request(self, method, pad, data=None):
        headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language": "nl"}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        verbinding = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            start = time.perf_counter()
            verbinding.request(method, pad, body=body, headers=headers)
            response = verbinding.getresponse()
            inhoud = response.read()
            seconden = time.perf_counter() - start
            ruwe_headers = response.getheaders()
        finally:
            verbinding.close()
        self._cookies_bewaren(ruwe_headers)
        return Antwoord(response.status, ruwe_headers, inhoud, seconden)

    def get(self, pad):
        return self.request("GET", pad)

    def post(self, pad, data):
        return self.request("POST", pad, data)

    @property
    def csrf(self):
        return self.cookies.get("csrftoken", "")

    def inloggen(self, email, wachtwoord, login_pad="/inloggen/"):
        """Log in with e-mail and password (DEMO_MODE: demo accounts without an authenticator need no code)."""
        pagina = self.get(login_pad)
        gevonden = CSRF_INPUT.search(pagina.tekst())
        if pagina.status != 200 or not gevonden:
            raise RuntimeError(f"log-in page {login_pad}: status {pagina.status}, no CSRF field")
        antwoord = self.post(login_pad, {"username": email, "password": wachtwoord,
                                         "csrfmiddlewaretoken": gevonden.group(1)})
        if antwoord.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in of {email} failed: status {antwoord.status}")
        if "/inloggen/code/" in antwoord.location:
            raise RuntimeError(f"{email} has an authenticator: the benchmark logs in with the password alone "
                               "(DEMO_MODE, demo accounts)")
        return self


def vrije_poort():
    """A free TCP port on the loopback interface (asked of the kernel, then released for gunicorn)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn with 2 sync workers on 127.0.0.1:<free port>, started and stopped by its process id."""

    def __init__(self, env, log_pad, workers=2):
        self.env = env
        self.log_pad = Path(log_pad)
        self.workers = workers
        self.port = vrije_poort()
        self.proces = None

    def __enter__(self):
        self.log = self.log_pad.open("wb")
        cmd = [sys.executable, "-m", "gunicorn", "mensenhandel.wsgi:application",
               "--workers", str(self.workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}",
               # A full-volume CSV export may take a while; the default 30 s would kill the worker.
               "--timeout", "900", "--graceful-timeout", "10", "--log-level", "warning"]
        self.proces = subprocess.Popen(cmd, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self._wacht_op_start()
        return self

    def _wacht_op_start(self, seconden=90):
        einde = time.monotonic() + seconden
        klaar = 0
        while time.monotonic() < einde:
            if self.proces.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {self.proces.returncode}):\n{self.staart()}")
            try:
                if Klant("127.0.0.1", self.port, timeout=30).get("/privacy/").status == 200:
                    klaar += 1
                    if klaar >= 2 * self.workers:  # both workers have answered (or at least booted)
                        return
                    continue
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer on port {self.port} within {seconden} s:\n{self.staart()}")

    def staart(self, regels=40):
        try:
            return "\n".join(self.log_pad.read_text(errors="replace").splitlines()[-regels:])
        except OSError:
            return ""

    def __exit__(self, *exc):
        if self.proces and self.proces.poll() is None:
            self.proces.terminate()  # SIGTERM to the master (our own child): it stops its workers
            try:
                self.proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()
        self.log.close()
        return False
