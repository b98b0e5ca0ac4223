import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus

import pytest
from django.urls import reverse

from bench.load import COLLECTSTATIC
from tests.notifications.conftest import free_port

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("url_name", ["home", "account_login", "account_signup"])
def test_pages_carry_the_security_headers(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == HTTPStatus.OK
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_contain_no_inline_script_or_style(client):
    for url_name in ("home", "account_login", "account_signup"):
        body = client.get(reverse(url_name)).content.decode()
        assert "<script>" not in body
        assert " style=" not in body
        assert "<style" not in body


# Where identity providers post (SAML responses and logout), from their own sites and so without
# the hub's token: python3-saml checks their signatures instead.
POSTED_BY_IDENTITY_PROVIDERS = {"saml_acs", "saml_sls"}


def test_every_unsafe_request_without_a_csrf_token_is_refused(world, settings):
    """Each URL of the site (walked through the access matrix) refuses a token-less POST."""
    from django.test import Client

    from tests.test_access_matrix import MATRIX, Scene

    scene = Scene(world)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "hub.example"]
    client = Client(enforce_csrf_checks=True, HTTP_HOST="hub.example")
    client.force_login(world.coordinator_a1)
    accepted = {}
    for name, case in MATRIX.items():
        if name in POSTED_BY_IDENTITY_PROVIDERS:
            continue
        url = case.path or reverse(name, kwargs=case.kwargs(scene))
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, case.data)
            if response.status_code not in (HTTPStatus.FORBIDDEN, HTTPStatus.METHOD_NOT_ALLOWED):
                accepted[f"{method.upper()} {name}"] = response.status_code
    assert accepted == {}


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-key-with-enough-length-and-variety-0123456789-xyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": "https://127.0.0.1",
    # Behind a TLS proxy, as in production: it sets X-Forwarded-Proto, which the tests send.
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
}


@pytest.fixture
def production_server(tmp_path_factory, project_root):
    """The site in production mode behind gunicorn, with the demo data, as an HTTPS proxy sees it."""
    var = tmp_path_factory.mktemp("production")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env = base | PRODUCTION | {"MOBILITY_VAR_DIR": str(var), "MFA_REQUIRED_FOR_STAFF": "1"}

    def manage(*args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=project_root, env=env, check=True, timeout=300
        )

    manage("migrate", "--no-input", "-v0")
    manage("seed_demo", "--password", "a long demo passphrase", "--i-know-this-is-not-production")
    # As the production image: gzip only (brotli comes with the benchmark's extra, and costs ~30 s).
    subprocess.run([sys.executable, "-c", COLLECTSTATIC], cwd=project_root, env=env, check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mobility.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=project_root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _fetch(url + "/health/")
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=20)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fetch(url: str, *, data: dict | None = None, cookies: str = "", https: bool = True):
    headers = {"X-Forwarded-Proto": "https"} if https else {}
    if cookies:
        headers["Cookie"] = cookies
    if data is not None:
        headers["Referer"] = "https://127.0.0.1/accounts/login/"
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        return opener.open(request, timeout=20)
    except urllib.error.HTTPError as error:
        return error


def _cookie(response, name: str) -> str:
    return next(c for c in response.headers.get_all("Set-Cookie") if c.startswith(f"{name}="))


def test_production_responses_carry_every_security_header_and_safe_cookies(production_server):
    plain = _fetch(production_server + "/accounts/login/", https=False)
    assert plain.status == HTTPStatus.MOVED_PERMANENTLY
    assert plain.headers["Location"].startswith("https://")

    page = _fetch(production_server + "/accounts/login/")
    assert page.status == HTTPStatus.OK
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in page.headers["Strict-Transport-Security"]
    csp = _directives(page.headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csrf = _cookie(page, "csrftoken")
    assert "Secure" in csrf
    assert "SameSite=Lax" in csrf

    token = csrf.split(";")[0].split("=", 1)[1]
    refused = _fetch(
        production_server + "/accounts/login/",
        data={"login": "student@poitiers.example", "password": "a long demo passphrase"},
    )
    assert refused.status == HTTPStatus.FORBIDDEN  # no CSRF token

    signed_in = _fetch(
        production_server + "/accounts/login/",
        data={
            "login": "student@poitiers.example",
            "password": "a long demo passphrase",
            "csrfmiddlewaretoken": token,
        },
        cookies=f"csrftoken={token}",
    )
    assert signed_in.status == HTTPStatus.FOUND
    session = _cookie(signed_in, "sessionid")
    assert "Secure" in session
    assert "HttpOnly" in session
    assert "SameSite=Lax" in session
