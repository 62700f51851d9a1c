"""Helpers for the tests that look at the project from the outside: its files, settings and a clean copy."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "mensenhandel" / "settings"

# Every way the settings read a variable: env.str("X"), env.bool("X"), ..., and production's _required("X").
_ENV_CALL = re.compile(
    r"""\b(?:env\.(?:str|bool|int|float|list|tuple|dict|json|url|db|db_url|cache|email_url|search_url|path)"""
    r"""|_required)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""
)

# Folders that are never part of "the project's source" for these tests.
_NOT_SOURCE = {".venv", "venv", "static", "tests", "var", "test-artifacts", "locale", "node_modules", "media",
               "protected", "staticfiles"}


def settings_variable_names():
    """Names of the environment variables that mensenhandel/settings/*.py read."""
    names = set()
    for path in sorted(SETTINGS_DIR.glob("*.py")):
        names.update(_ENV_CALL.findall(path.read_text(encoding="utf-8")))
    return names


def clean_env(**values):
    """os.environ without anything the settings read, DEBUG or DJANGO_* (DJANGO_SETTINGS_MODULE, and the
    DJANGO_ALLOW_ASYNC_UNSAFE that tests/e2e sets in this process), plus `values`."""
    drop = settings_variable_names() | {"DEBUG"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("DJANGO_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(values)
    return env


def copy_project(dst, *, static=False):
    """Copy the project's *.py and *.html files and locale/ to `dst`, without .env, .venv, var, tests and the like.

    The settings read BASE_DIR/.env; in the copy there is none, so a developer's .env cannot change the outcome.
    With static=True, static/ is linked in (the staticfiles check wants STATICFILES_DIRS to exist).
    """
    dst = Path(dst)
    for dirpath, dirnames, filenames in os.walk(ROOT):
        here = Path(dirpath)
        rel = here.relative_to(ROOT)
        dirnames[:] = [
            d for d in dirnames
            if not d.startswith(".") and d != "__pycache__" and not (rel == Path(".") and d in _NOT_SOURCE)
        ]
        for name in filenames:
            if name.endswith((".py", ".html")):
                (dst / rel).mkdir(parents=True, exist_ok=True)
                shutil.copy2(here / name, dst / rel / name)
    shutil.copytree(ROOT / "locale", dst / "locale", ignore=shutil.ignore_patterns("*.mo"))
    if static:
        (dst / "static").symlink_to(ROOT / "static", target_is_directory=True)
    return dst


def manage(cwd, *args, env, timeout=120):
    """Run `python manage.py ARGS` in `cwd` with exactly `env`."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def parse_env_file(path):
    """KEY=VALUE lines of an env file (as docker compose and django-environ read them; comments skipped)."""
    values = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
        if match:
            value = match.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[match.group(1)] = value
    return values


def env_file_names(path):
    """Names listed in an env file, also when the line is commented out (`#JOBS_EAGER=`: documented, no value)."""
    text = Path(path).read_text(encoding="utf-8")
    return set(re.findall(r"^\s*#?\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=", text, flags=re.M))
