"""Error pages speak the site's language and layout, never Django's bare defaults."""

from http import HTTPStatus

import pytest
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_an_unknown_address_shows_the_site_s_not_found_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    body = response.content.decode()
    assert "Page not found" in body
    assert 'href="#main"' in body  # the site's own layout, with its skip link


def test_the_not_found_page_is_translated(client):
    client.cookies["django_language"] = "fr"
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert "Page non trouvée" in body
    assert "Page not found" not in body


def test_unknown_api_addresses_answer_in_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (defaults.bad_request, HTTPStatus.BAD_REQUEST, "Bad request"),
        (defaults.permission_denied, HTTPStatus.FORBIDDEN, "Not allowed"),
    ],
)
def test_refusals_use_the_site_s_pages(rf: RequestFactory, view, status, heading):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = view(request, Exception())
    assert response.status_code == status
    assert heading in response.content.decode()


def test_a_server_error_shows_a_calm_page_that_needs_nothing_from_the_database(rf: RequestFactory):
    response = defaults.server_error(rf.get("/"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "<script" not in body
    assert " style=" not in body
