"""A real OpenID Connect provider on loopback (oidc-provider-mock), as MyAcademicID for the tests."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import httpx
from django.test import Client
from django.urls import reverse


@contextmanager
def running_provider(people: dict[str, dict]) -> Iterator[str]:
    """Run the provider with ``people`` (subject: claims) on a free loopback port; yield its issuer."""
    import oidc_provider_mock  # imported here, where the suite's warning filters apply

    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain HTTP on loopback only
    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in people.items()]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def myacademicid_settings(issuer: str) -> dict:
    """``SOCIALACCOUNT_PROVIDERS`` with MyAcademicID at ``issuer``, as the environment would give it."""
    from django.conf import settings

    providers = {key: dict(value) for key, value in settings.SOCIALACCOUNT_PROVIDERS.items()}
    providers["openid_connect"]["APPS"] = [
        {
            "provider_id": "myacademicid",
            "name": "MyAcademicID",
            "client_id": "mobility-hub",
            "secret": "test-secret",
            "settings": {
                "server_url": issuer,
                "scope": ["openid", "email", "profile", "schac_home_organization"],
            },
        }
    ]
    return providers


def sign_in_through_provider(client: Client, subject: str, *, process: str = "login"):
    """Start at the hub, choose ``subject`` at the provider, come back; return the hub's last answer."""
    start = client.post(reverse("openid_connect_login", args=["myacademicid"]), {"process": process})
    assert start.status_code == 302, start.content
    chosen = httpx.post(start.url, data={"sub": subject})
    assert chosen.status_code in (302, 303), chosen.text
    back = urlsplit(chosen.headers["location"])
    assert parse_qs(back.query).get("code"), back
    return client.get(f"{back.path}?{back.query}")
