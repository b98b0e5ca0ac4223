"""The Docker deployment files, checked offline (no Docker engine needed)."""

import itertools
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

EXPECTED_SERVICES = {"web", "worker", "beat", "db", "redis", "mail"}
APP_SERVICES = ("web", "worker", "beat")
SHARED_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "SITE_URL",
)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def environment_of(service: dict) -> dict[str, str | None]:
    """A service's environment, whether written as a mapping or as a list of KEY=VALUE."""
    environment = service.get("environment") or {}
    if isinstance(environment, dict):
        return {key: None if value is None else str(value) for key, value in environment.items()}
    variables = {}
    for entry in environment:
        key, sep, value = entry.partition("=")
        variables[key] = value if sep else None
    return variables


def dependencies_of(service: dict) -> list[str]:
    """The services named in ``depends_on``, in its list or its mapping form."""
    return list(service.get("depends_on") or [])


def command_words(service: dict) -> list[str]:
    """A service's command as words, including the words of a ``sh -c`` script."""
    command = service.get("command") or []
    parts = shlex.split(command) if isinstance(command, str) else [str(p) for p in command]
    return [word for part in parts for word in shlex.split(part)]


def uses_celery_app(words: list[str], app: str) -> bool:
    pairs = itertools.pairwise(words)
    return (
        any(option in {"-A", "--app"} and value == app for option, value in pairs)
        or f"--app={app}" in words
        or f"-A{app}" in words
    )


def runs_gunicorn_with_the_wsgi_application(words: list[str]) -> bool:
    return "gunicorn" in words and any(word.startswith("mobility.wsgi") for word in words)


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's stages, each its (INSTRUCTION, arguments) pairs, continuation lines joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    starts = [i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    return [instructions[start:end] for start, end in itertools.pairwise([*starts, len(instructions)])]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs of the final stage: the image that runs."""
    return dockerfile_stages()[-1]


def test_compose_file_defines_the_web_worker_beat_database_broker_and_mail_services(services):
    assert set(services) >= EXPECTED_SERVICES


def test_compose_file_has_no_obsolete_version_key(compose):
    assert "version" not in compose


def test_every_service_dependency_names_a_defined_service(services):
    for name, service in services.items():
        unknown = set(dependencies_of(service)) - set(services)
        assert not unknown, f"{name} depends on undefined services {sorted(unknown)}"


def test_services_awaited_until_healthy_define_a_healthcheck(services):
    for name, service in services.items():
        depends_on = service.get("depends_on") or {}
        if not isinstance(depends_on, dict):
            continue
        for dependency, options in depends_on.items():
            if (options or {}).get("condition") == "service_healthy":
                assert "healthcheck" in services[dependency], (
                    f"{name} waits for {dependency} to be healthy, which has no healthcheck"
                )


def test_web_worker_and_beat_wait_for_the_database_and_redis(services):
    for name in APP_SERVICES:
        assert {"db", "redis"} <= set(dependencies_of(services[name])), name


@pytest.mark.parametrize("name", APP_SERVICES)
def test_web_worker_and_beat_receive_the_shared_settings(services, name):
    environment = environment_of(services[name])
    missing = [key for key in SHARED_SETTINGS if not environment.get(key)]
    assert not missing, f"{name} lacks {missing}"


def test_web_worker_and_beat_share_one_configuration(services):
    web, worker, beat = (environment_of(services[name]) for name in APP_SERVICES)
    assert web == worker == beat


@pytest.mark.parametrize(
    ("setting", "schemes", "host"),
    [
        ("DATABASE_URL", {"postgres", "postgresql", "psql", "pgsql"}, "db"),
        ("REDIS_URL", {"redis"}, "redis"),
        ("EMAIL_URL", {"smtp"}, "mail"),
    ],
)
@pytest.mark.parametrize("name", APP_SERVICES)
def test_service_urls_point_at_the_compose_services(services, name, setting, schemes, host):
    url = urlsplit(environment_of(services[name])[setting])
    assert url.scheme in schemes
    assert url.hostname == host
    assert host in services


def test_database_url_matches_the_postgres_credentials(services):
    url = urlsplit(environment_of(services["web"])["DATABASE_URL"])
    postgres = environment_of(services["db"])
    assert url.username == postgres["POSTGRES_USER"]
    assert url.password == postgres["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == postgres["POSTGRES_DB"]


def test_email_url_reaches_the_smtp_port_of_mailpit(services):
    url = urlsplit(environment_of(services["web"])["EMAIL_URL"])
    assert url.port == 1025


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_worker_and_beat_run_celery_with_the_mobility_app(services, name):
    words = command_words(services[name])
    assert words[0] == "celery"
    assert uses_celery_app(words, "mobility")
    assert name in words


def test_web_runs_gunicorn_with_the_wsgi_application(services):
    assert runs_gunicorn_with_the_wsgi_application(command_words(services["web"]))


def test_migrations_run_once_and_before_any_process_of_the_hub(services):
    migrate = services["migrate"]
    words = command_words(migrate)
    assert words[words.index("manage.py") + 1] == "migrate"
    assert migrate["restart"] == "no"
    for name in APP_SERVICES:
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert {"db"} <= set(dependencies_of(migrate))
    assert "migrate" not in dependencies_of(migrate)


def test_compose_refuses_to_start_without_a_real_secret_key(services):
    """``${VAR:?message}``: compose stops with the message when the variable is unset or empty."""
    for name in (*APP_SERVICES, "migrate"):
        assert environment_of(services[name])["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")


def test_the_processes_compose_starts_exist(services):
    import importlib

    from mobility.celery import app as celery_app

    assert (ROOT / "manage.py").is_file()
    assert importlib.import_module("mobility.wsgi").application
    assert celery_app.main == "mobility"
    compile(services["web"]["healthcheck"]["test"][-1], "healthcheck", "exec")


def test_web_healthcheck_asks_the_health_endpoint_with_python(services):
    test = services["web"]["healthcheck"]["test"]
    words = command_words({"command": test})
    assert "python" in words
    assert "curl" not in words
    assert any("urllib" in word and "/health/" in word for word in test)


def test_compose_file_validates_against_the_compose_specification():
    check_jsonschema = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(check_jsonschema), "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_runs_gunicorn_with_the_wsgi_application_by_default():
    commands = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "CMD"]
    assert commands, "the Dockerfile has no CMD"
    command = commands[-1]
    words = json.loads(command) if command.startswith("[") else shlex.split(command)
    assert runs_gunicorn_with_the_wsgi_application(words)


def test_image_is_built_in_stages_and_installs_exactly_the_lock():
    build, runtime = dockerfile_stages()
    build_steps = " ".join(arguments for keyword, arguments in build if keyword == "RUN")
    assert "uv export --locked" in build_steps
    assert "--require-hashes" in build_steps
    assert "collectstatic" in build_steps
    copies = [arguments for keyword, arguments in runtime if keyword == "COPY"]
    assert all(copy.startswith("--from=") for copy in copies), "the running image takes only what was built"
    assert not any(keyword == "RUN" and "pip install" in arguments for keyword, arguments in runtime)


def test_image_checks_its_own_health_on_the_health_endpoint():
    [check] = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "HEALTHCHECK"]
    command = json.loads(check[check.index("CMD") + 3 :].strip())
    assert "/health/" in command[-1]
    compile(command[-1], "healthcheck", "exec")


def test_the_lock_exports_the_requirements_the_image_installs(tmp_path):
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv is None:
        pytest.skip("installed without uv (pip install -e .[test]): no lock to export")
    exported = subprocess.run(
        [uv, "export", "--locked", "--no-emit-project", "--no-dev", "--format", "requirements-txt"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    pinned = {line.split("==")[0] for line in exported.stdout.splitlines() if "==" in line}
    assert {"django", "django-allauth", "celery", "gunicorn", "xmlsec", "lxml"} <= pinned
    assert not pinned & {"pytest", "locust", "playwright"}, "test tools stay out of the image"


def test_image_does_not_run_as_root():
    users = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "USER"]
    assert users, "the Dockerfile has no USER: the container would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}


def _project_apps() -> set[str]:
    from django.conf import settings

    return {app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()}


def test_every_app_of_the_project_reaches_the_image():
    allowed = {
        line[1:].strip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    }
    assert _project_apps() - allowed == set()


def test_every_app_of_the_project_is_installed_by_pip():
    import tomllib

    include = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "packages"
    ]["find"]["include"]
    assert {f"{app}*" for app in _project_apps() | {"mobility"}} - set(include) == set()


def test_the_environment_holds_exactly_what_the_lock_pins():
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv is None:
        pytest.skip("installed without uv (pip install -e .[test]): no lock to compare with")
    checked = subprocess.run(
        [uv, "sync", "--locked", "--all-extras", "--check", "--python", sys.executable],
        cwd=ROOT,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": sys.prefix, "UV_PYTHON_DOWNLOADS": "never"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_xmlsec_and_lxml_use_the_same_libxml2():
    """SAML signatures go through both: built against different libxml2 releases, they crash."""
    import lxml.etree
    import xmlsec

    assert xmlsec.get_libxml_version() == lxml.etree.LIBXML_VERSION
