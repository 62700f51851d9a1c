"""docker-compose.yml, Dockerfile and .env.example, checked without Docker (it does not run everywhere the tests do).

The compose file is read with PyYAML (anchors and `<<` merges included) and its ${VARIABLES} are filled in the way
`docker compose` does, from .env.example: what a new installation starts from.
"""
import re
import secrets
import shlex
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from tests.core.support import (
    ROOT,
    clean_env,
    copy_project,
    env_file_names,
    manage,
    parse_env_file,
    settings_variable_names,
)

COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = ROOT / ".env.example"
APP_SERVICES = ("web", "worker", "beat")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|(^|_)KEY$", re.I)

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+alt}, $NAME and $$ (a literal $).
_COMPOSE_VAR = re.compile(
    r"\$(?:(?P<dollar>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


def interpolate(value, variables):
    if isinstance(value, dict):
        return {k: interpolate(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, variables) for v in value]
    if not isinstance(value, str):
        return value

    def substitute(match):
        if match["dollar"]:
            return "$"
        name = match["braced"] or match["bare"]
        op, arg = match["op"], match["arg"]
        current = variables.get(name)
        present = current is not None and (current != "" or not (op or "").startswith(":"))
        if op in (":-", "-"):
            return current if present else arg
        if op in (":?", "?"):
            if not present:
                raise AssertionError(f"docker compose would stop: {name} is not set ({arg}).")
            return current
        if op in (":+", "+"):
            return arg if present else ""
        return current or ""

    return _COMPOSE_VAR.sub(substitute, value)


def compose_variables(document):
    """Names used as ${NAME} anywhere in the compose file."""
    return set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", yaml.safe_dump(document)))


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {k: (None if v is None else str(v)) for k, v in env.items()}


def command(service):
    cmd = service.get("command", "")
    if isinstance(cmd, list):
        cmd = shlex.join(cmd)
    return " ".join(cmd.split())


def env_files(service):
    files = service.get("env_file") or []
    if isinstance(files, str | dict):
        files = [files]
    return [f["path"] if isinstance(f, dict) else f for f in files]


def mounts(service, document):
    """(source, target, is_named_volume) for each volume of a service, short or long syntax."""
    named = set((document.get("volumes") or {}).keys())
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            source, _, rest = volume.partition(":")
            target = rest.split(":")[0] if rest else source
            source = source if rest else None
        else:
            source, target = volume.get("source"), volume.get("target")
        result.append((source, target, source in named))
    return result


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose(raw):
    return interpolate(raw, parse_env_file(ENV_EXAMPLE))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def test_the_services_exist(services):
    missing = {"web", "worker", "beat", "postgres", "redis"} - set(services)
    assert not missing, f"docker-compose.yml lacks the services {sorted(missing)}"


def test_web_migrates_then_runs_gunicorn_with_the_wsgi_app(services):
    cmd = command(services["web"])
    gunicorn = re.search(r"\bgunicorn\s+(?:.*\s)?mensenhandel\.wsgi(?::application)?(?=\s|$|['\"])", cmd)
    assert gunicorn, f"web does not run gunicorn with mensenhandel.wsgi: {cmd!r}"
    migrate = re.search(r"\bmanage\.py\s+migrate\b", cmd)
    assert migrate and migrate.start() < gunicorn.start(), f"web must migrate before gunicorn starts: {cmd!r}"
    between = cmd[migrate.end():gunicorn.start()]
    assert "&&" in between and ";" not in between, f"gunicorn must not start when migrate fails: {cmd!r}"


@pytest.mark.parametrize("service, role", [("worker", "worker"), ("beat", "beat")])
def test_celery_services_run_the_project_app(services, service, role):
    cmd = command(services[service])
    assert re.search(rf"\bcelery\s+(?:-A\s*|--app[=\s])mensenhandel\s+{role}\b", cmd), (
        f"{service} must run `celery -A mensenhandel {role}`: {cmd!r}"
    )


def test_celery_finds_the_app_and_the_beat_tasks_exist():
    """`celery -A mensenhandel` resolves to our Celery app, and every task in its beat schedule is registered."""
    from celery.app.utils import find_app

    app = find_app("mensenhandel")
    assert app.main == "mensenhandel"
    app.loader.import_default_modules()
    unknown = {entry["task"] for entry in app.conf.beat_schedule.values()} - set(app.tasks)
    assert not unknown, f"the beat schedule names tasks that do not exist: {sorted(unknown)}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_run_production_settings_against_the_compose_database_and_redis(services, name):
    env = environment(services[name])
    assert env.get("DJANGO_SETTINGS_MODULE") == "mensenhandel.settings.production"

    database = urlsplit(env.get("DATABASE_URL") or "")
    assert database.scheme in ("postgres", "postgresql", "pgsql"), f"{name}: DATABASE_URL is not PostgreSQL"
    assert database.hostname == "postgres", f"{name}: DATABASE_URL must point at the postgres service"

    redis = urlsplit(env.get("REDIS_URL") or "")
    assert redis.scheme in ("redis", "rediss"), f"{name}: REDIS_URL is not a Redis URL"
    assert redis.hostname == "redis", f"{name}: REDIS_URL must point at the redis service"


def test_database_url_matches_the_postgres_service(services):
    pg = environment(services["postgres"])
    for name in APP_SERVICES:
        url = urlsplit(environment(services[name])["DATABASE_URL"])
        assert url.username == pg["POSTGRES_USER"], name
        assert url.password == pg["POSTGRES_PASSWORD"], f"{name}: DATABASE_URL has another password than postgres"
        assert url.path.lstrip("/") == pg["POSTGRES_DB"], name
        assert (url.port or 5432) == 5432, name


@pytest.mark.parametrize("name", APP_SERVICES)
def test_secret_key_and_allowed_hosts_come_from_the_env_file(services, name):
    service = services[name]
    assert ".env" in env_files(service), f"{name} must read .env (env_file)"
    env = environment(service)
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS"):
        assert variable not in env, f"{name} sets {variable} in docker-compose.yml: it belongs in .env"


def test_no_secret_is_written_in_the_compose_file(raw):
    """Secrets are references to .env (${NAME}), never values; also not as the password inside a URL."""
    text = COMPOSE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*-?\s*SECRET_KEY\s*[:=]", text, flags=re.M), "SECRET_KEY is written in docker-compose.yml"
    reference = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?+][^}]*)?\}$")
    problems = []
    for name, service in raw["services"].items():
        for key, value in environment(service).items():
            if value is None:
                continue
            if SECRET_NAME.search(key) and not reference.match(value):
                problems.append(f"{name}: {key} has a literal value")
            password = urlsplit(value).password if "://" in value else None
            if password and not password.startswith("${"):
                problems.append(f"{name}: {key} contains a literal password")
    assert not problems, "\n".join(problems)


def test_named_volumes_for_the_database_and_the_protected_files(compose, services):
    volumes = set((compose.get("volumes") or {}).keys())

    pg = services["postgres"]
    major = re.search(r":(\d+)", pg.get("image", ""))
    data_dir = environment(pg).get("PGDATA") or (
        "/var/lib/postgresql" if major and int(major.group(1)) >= 18 else "/var/lib/postgresql/data"
    )
    pg_named = [s for s, t, named in mounts(pg, compose) if named and t == data_dir]
    assert pg_named, f"postgres must keep {data_dir} in a named volume (one of {sorted(volumes)})"

    used = {}
    for name in APP_SERVICES:
        root = environment(services[name]).get("PROTECTED_FILES_ROOT")
        if name in ("web", "worker"):
            assert root, f"{name} must set PROTECTED_FILES_ROOT"
        if not root:
            continue
        assert PurePosixPath(root).is_absolute(), f"{name}: PROTECTED_FILES_ROOT must be an absolute path"
        sources = [s for s, t, named in mounts(services[name], compose) if named and t == root]
        assert sources, f"{name}: no named volume is mounted at PROTECTED_FILES_ROOT ({root})"
        used[name] = sources[0]
    assert len(set(used.values())) == 1, f"web and worker must share one protected file store: {used}"
    assert set(used.values()).isdisjoint(pg_named), "the protected file store must not be the database volume"


@pytest.mark.parametrize("name", ["postgres", "redis"])
def test_backing_services_have_healthchecks_and_are_not_published(services, name):
    check = services[name].get("healthcheck") or {}
    assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"
    assert not services[name].get("ports"), f"{name} must not be published on the host"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_postgres_and_redis(services, name):
    depends = services[name].get("depends_on") or {}
    assert isinstance(depends, dict), f"{name}: depends_on must use `condition: service_healthy`"
    for backing in ("postgres", "redis"):
        assert (depends.get(backing) or {}).get("condition") == "service_healthy", (
            f"{name} must wait until {backing} is healthy"
        )


def _dockerfile_instructions():
    text = DOCKERFILE.read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)  # line continuations
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def test_dockerfile_installs_the_weasyprint_system_libraries():
    runs = " ".join(rest for keyword, rest in _dockerfile_instructions() if keyword == "RUN")
    installs = " ".join(re.findall(r"apt-get install\s+([^&;]*)", runs))
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0"):
        assert re.search(rf"(^|\s){re.escape(package)}(\s|$)", installs), f"the image does not install {package}"


def test_dockerfile_runs_as_a_non_root_user():
    instructions = _dockerfile_instructions()
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users, "the Dockerfile has no USER: the application would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), f"the image runs as {user}"
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert re.search(rf"\b(useradd|adduser)\b[^&;]*\s{re.escape(user)}(\s|$|&|;)", runs) or user.isdigit(), (
        f"the Dockerfile never creates the user {user}"
    )


def test_the_protected_store_in_the_image_belongs_to_the_app_user(services):
    """A new named volume copies owner and rights from the image: the mount point must exist and be the app's."""
    root = PurePosixPath(environment(services["web"])["PROTECTED_FILES_ROOT"])
    instructions = _dockerfile_instructions()
    user = [rest for keyword, rest in instructions if keyword == "USER"][-1].split(":")[0]
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    owned = [
        PurePosixPath(path)
        for match in re.finditer(rf"\bchown\s+(?:-\S+\s+)*{re.escape(user)}(?::\S*)?\s+([^&;|]+)", runs)
        for path in match.group(1).split()
    ]
    assert any(root == path or path in root.parents for path in owned), (
        f"the Dockerfile must create {root} and chown it to {user}"
    )


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    """`COPY . .` would otherwise put .env (SECRET_KEY, POSTGRES_PASSWORD), .git and .venv into the image."""
    assert DOCKERIGNORE.exists(), ".dockerignore is missing: `COPY . .` copies .env into the image"
    patterns = [line.strip() for line in DOCKERIGNORE.read_text().splitlines() if line.strip()]
    patterns = [p for p in patterns if not p.startswith("#")]
    for needed in (".env", ".venv", ".git", "var"):
        assert needed in patterns or f"/{needed}" in patterns, f".dockerignore must exclude {needed}"
    assert "!.env" not in patterns


def test_every_variable_the_settings_read_is_in_env_example():
    names = settings_variable_names()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= names, (
        f"the settings scan found too little, the pattern is out of date: {sorted(names)}"
    )
    missing = names - env_file_names(ENV_EXAMPLE)
    assert not missing, f".env.example does not list {sorted(missing)}, which the settings read"


def test_env_example_lists_nothing_unknown(raw):
    known = settings_variable_names() | compose_variables(raw) | {"DJANGO_SETTINGS_MODULE"}
    unknown = env_file_names(ENV_EXAMPLE) - known
    assert not unknown, f".env.example lists {sorted(unknown)}, which nothing reads"


def test_env_example_holds_no_secret_key():
    assert parse_env_file(ENV_EXAMPLE).get("SECRET_KEY", "") == ""


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_environment_names_are_settings(services, name):
    unknown = set(environment(services[name])) - settings_variable_names() - {"DJANGO_SETTINGS_MODULE"}
    assert not unknown, f"{name} sets {sorted(unknown)}, which the settings never read (a typo?)"


def test_compose_environment_with_env_example_passes_the_deploy_check(services, tmp_path_factory):
    """What `docker compose up` gives the web service (.env from .env.example plus a real key) is a valid production
    configuration: `manage.py check --deploy` has nothing to say. Nothing connects to the database here."""
    values = parse_env_file(ENV_EXAMPLE)
    values.update({k: v for k, v in environment(services["web"]).items() if v is not None})
    values["SECRET_KEY"] = secrets.token_urlsafe(48)
    values["TREFFERS_HMAC_KEY"] = secrets.token_urlsafe(36)
    project = copy_project(tmp_path_factory.mktemp("compose-project"), static=True)
    result = manage(project, "check", "--deploy", "--fail-level", "WARNING", env=clean_env(**values))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_gunicorn_believes_forwarded_headers_only_from_the_proxy(services, raw):
    """Issue 16 §5: X-Forwarded-Proto decides whether a request counts as https; only the proxy may say so."""
    cmd = command(services["web"])
    allowed = re.search(r"--forwarded-allow-ips[ =]'?\"?([^'\"\s]+)", cmd)
    assert allowed, f"web does not say from where gunicorn believes forwarded headers: {cmd!r}"
    assert "*" not in allowed[1], cmd
    assert "--forwarded-allow-ips '${FORWARDED_ALLOW_IPS" in yaml.safe_dump(raw)  # from .env, not written here
    value = parse_env_file(ENV_EXAMPLE).get("FORWARDED_ALLOW_IPS", "")
    assert value and "*" not in value


def test_the_web_service_is_health_checked_on_health_ready(services):
    """Issue 17: the container platform asks /health/ready (database, Redis, protected store); a 503 fails the probe."""
    check = services["web"].get("healthcheck") or {}
    test = " ".join(check.get("test") or [])
    assert "http://127.0.0.1:8000/health/ready" in test, check
    assert check.get("interval") and check.get("retries")
