from http import HTTPStatus

import pytest
from django.urls import reverse

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
