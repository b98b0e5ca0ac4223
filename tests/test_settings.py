"""Settings come from the environment; production mode is safe by default."""

import json
import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-key-with-enough-length-and-variety-0123456789-xyz",
    "DJANGO_ALLOWED_HOSTS": "hub.example",
    "SITE_URL": "https://hub.example",
}


def _manage(project_root, tmp_path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project_root,
        env=base | {"MOBILITY_VAR_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _settings(project_root, tmp_path, env: dict[str, str]) -> dict:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'db': s.DATABASES['default'], 'broker': s.CELERY_BROKER_URL, "
        "'cache': s.CACHES['default']['BACKEND'], 'email': s.EMAIL_BACKEND, 'debug': s.DEBUG, "
        "'hosts': s.ALLOWED_HOSTS, 'secure_cookies': s.SESSION_COOKIE_SECURE, "
        "'hsts': s.SECURE_HSTS_SECONDS, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'proxy_header': s.SECURE_PROXY_SSL_HEADER}, default=str))"
    )
    result = _manage(project_root, tmp_path, env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_variables(project_root, tmp_path):
    result = _manage(project_root, tmp_path, PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key(project_root, tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage(project_root, tmp_path, env, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_mode_is_secure_by_default(project_root, tmp_path):
    settings = _settings(project_root, tmp_path, PRODUCTION)
    assert settings["debug"] is False
    assert settings["hosts"] == ["hub.example"]
    assert settings["secure_cookies"] is True
    assert settings["ssl_redirect"] is True
    assert settings["hsts"] >= 31_536_000
    assert settings["proxy_header"] is None  # no proxy declared: no client may claim HTTPS


def test_x_forwarded_proto_is_believed_only_behind_a_declared_proxy(project_root, tmp_path):
    behind_proxy = _settings(project_root, tmp_path, PRODUCTION | {"DJANGO_TRUSTED_PROXY_COUNT": "1"})
    assert behind_proxy["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_client_s_own_x_forwarded_proto_does_not_make_a_request_secure(client, settings):
    assert settings.SECURE_PROXY_SSL_HEADER is None  # the test settings declare no proxy
    response = client.get("/health/", HTTP_X_FORWARDED_PROTO="https")
    assert response.wsgi_request.is_secure() is False


def test_bare_machine_defaults_to_sqlite_and_embedded_services(project_root, tmp_path):
    settings = _settings(project_root, tmp_path, {"DJANGO_DEBUG": "1"})
    assert settings["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["db"]["NAME"] == str(tmp_path / "mobility.sqlite3")
    assert settings["broker"] == "filesystem://"
    assert settings["cache"].endswith("FileBasedCache")
    assert settings["email"].endswith("filebased.EmailBackend")


@pytest.mark.parametrize(
    ("email_url", "backend"),
    [("smtp://127.0.0.1:1025", "smtp.EmailBackend"), ("consolemail://", "console.EmailBackend")],
)
def test_services_come_from_their_urls(project_root, tmp_path, email_url, backend):
    settings = _settings(
        project_root,
        tmp_path,
        {
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": "postgres://mobility:pw@db.internal:5433/hub",
            "REDIS_URL": "redis://cache.internal:6380/2",
            "EMAIL_URL": email_url,
        },
    )
    assert settings["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["db"]["HOST"], settings["db"]["PORT"], settings["db"]["NAME"]) == (
        "db.internal",
        5433,
        "hub",
    )
    assert settings["broker"] == "redis://cache.internal:6380/2"
    assert settings["cache"].endswith("RedisCache")
    assert settings["email"].endswith(backend)
