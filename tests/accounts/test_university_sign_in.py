"""Signing in with a university account: MyAcademicID (OpenID Connect) and universities' SAML providers."""

import datetime as dt
import logging
import re
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from accounts.models import HomeUniversityChange, IdentityProvider, UniversityIdentity, User
from accounts.saml import (
    HOME_ORGANIZATION,
    PERSONAL_UNIQUE_CODE,
    SCOPED_AFFILIATION,
    service_provider_entity_id,
)
from tests.accounts.factories import UserFactory
from tests.accounts.oidc import myacademicid_settings, running_provider, sign_in_through_provider
from tests.accounts.saml_idp import (
    DISPLAY_NAME,
    MAIL,
    MFA_CONTEXT,
    PASSWORD_CONTEXT,
    SUBJECT_ID,
    FakeUniversityIdP,
    authn_request,
    encoded,
    key_and_certificate,
)
from tests.notifications.conftest import free_port

pytestmark = pytest.mark.django_db

ESI = "urn:schac:personalUniqueCode:int:esi:a1.example:12345"
PEOPLE = {
    "ines": {
        "email": "ines.sousa@mail.example",
        "email_verified": True,
        "name": "Inês Sousa",
        "schac_home_organization": "a1.example",
        "schac_personal_unique_code": [ESI],
        "voperson_external_affiliation": ["student@a1.example", "member@a1.example"],
    },
    "ana": {  # an address of a1, whose account exists already
        "email": "student@a1.example",
        "email_verified": True,
        "schac_home_organization": "a1.example",
    },
    "mallory": {  # claims an address of a1 while the provider says she is of a2
        "email": "student@a1.example",
        "email_verified": True,
        "schac_home_organization": "a2.example",
    },
}


@pytest.fixture
def myacademicid(settings):
    with running_provider(PEOPLE) as issuer:
        settings.SOCIALACCOUNT_PROVIDERS = myacademicid_settings(issuer)
        yield issuer


def test_a_new_person_signs_in_with_myacademicid_and_the_provider_gives_the_home_university(
    client, world, myacademicid
):
    answer = sign_in_through_provider(client, "ines")

    assert answer.status_code == HTTPStatus.FOUND
    person = User.objects.get(email="ines.sousa@mail.example")
    assert client.get(reverse("home")).wsgi_request.user == person
    assert person.home_university == world.a1  # from schac_home_organization, not the address
    assert not person.has_usable_password()
    assert person.display_name == "Inês Sousa"
    identity = UniversityIdentity.objects.get(user=person)
    assert identity.european_student_identifier == ESI
    assert identity.affiliations == ["student@a1.example", "member@a1.example"]
    change = HomeUniversityChange.objects.get(user=person)
    assert (change.university, change.source) == (world.a1, HomeUniversityChange.Source.IDENTITY_PROVIDER)

    client.logout()
    sign_in_through_provider(client, "ines")
    assert client.get(reverse("home")).wsgi_request.user == person
    assert User.objects.filter(email="ines.sousa@mail.example").count() == 1


def test_the_provider_that_speaks_for_the_address_s_university_links_the_existing_account(
    client, world, myacademicid
):
    sign_in_through_provider(client, "ana")
    assert client.get(reverse("home")).wsgi_request.user == world.student_a1
    assert SocialAccount.objects.filter(user=world.student_a1, uid="ana").exists()


def test_a_provider_that_does_not_speak_for_the_address_s_university_cannot_take_the_account(
    client, world, myacademicid
):
    answer = sign_in_through_provider(client, "mallory")

    assert answer.status_code == HTTPStatus.FOUND
    assert answer.url == reverse("account_login")
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="student@a1.example").count() == 1


def test_a_signed_in_person_links_their_university_account_themselves(client, world, myacademicid):
    someone = UserFactory(email="someone@mail.example")
    client.force_login(someone)
    sign_in_through_provider(client, "mallory", process="connect")
    assert SocialAccount.objects.filter(user=someone, uid="mallory").exists()
    someone.refresh_from_db()
    assert someone.home_university == world.a2


# SAML: a university's own identity provider, with real signed XML


@pytest.fixture(autouse=True)
def host_header(client, settings) -> None:
    """Browsers always send Host; python3-saml reads it to know its own address (a dotted name)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "hub.example"]
    client.defaults["HTTP_HOST"] = "hub.example"


@pytest.fixture
def idp_a1(world) -> FakeUniversityIdP:
    idp = FakeUniversityIdP("a1")
    idp.register(world.a1)
    return idp


def _saml_start(client, slug: str = "a1") -> tuple[str, str]:
    """Start a sign-in at the hub; return the AuthnRequest's ID and where the answer goes."""
    start = client.post(reverse("saml_login", args=[slug]), {"process": "login"})
    assert start.status_code == HTTPStatus.FOUND, start.content
    request = authn_request(start.url)
    return request.get("ID"), request.get("AssertionConsumerServiceURL")


def _saml_answer(client, idp: FakeUniversityIdP, request_id: str | None, acs_url: str, **overrides):
    options = {
        "request_id": request_id,
        "acs_url": acs_url,
        "audience": service_provider_entity_id(),
        "attributes": {
            MAIL: ["joao@a1.example"],
            DISPLAY_NAME: ["João Silva"],
            SUBJECT_ID: ["joao@a1.example"],
            HOME_ORGANIZATION: ["a1.example"],
            SCOPED_AFFILIATION: ["student@a1.example"],
            PERSONAL_UNIQUE_CODE: ["urn:schac:personalUniqueCode:int:esi:a1.example:777"],
        },
    } | overrides
    response = idp.response(**options)
    posted = client.post(urlsplit(acs_url).path, {"SAMLResponse": encoded(response)})
    assert posted.status_code == HTTPStatus.FOUND
    return response, client.get(posted.url)


def test_a_valid_signed_assertion_signs_in_with_affiliation_and_european_student_identifier(
    client, world, idp_a1
):
    request_id, acs_url = _saml_start(client)
    assert acs_url == f"http://hub.example{reverse('saml_acs', args=['a1'])}"

    _response, answer = _saml_answer(client, idp_a1, request_id, acs_url)

    assert answer.status_code == HTTPStatus.FOUND
    person = User.objects.get(email="joao@a1.example")
    assert client.get(reverse("home")).wsgi_request.user == person
    assert person.home_university == world.a1
    identity = person.university_identity
    assert identity.affiliations == ["student@a1.example"]
    assert identity.european_student_identifier == "urn:schac:personalUniqueCode:int:esi:a1.example:777"
    assert identity.provider == "saml:a1"


@pytest.mark.parametrize(
    "bad",
    [
        "unsigned",
        "signed by another key",
        "tampered",
        "expired",
        "for another audience",
        "replayed",
        "another university",
        "provider switched off",
    ],
)
def test_a_bad_assertion_is_refused_and_changes_nothing(client, world, idp_a1, bad, caplog):
    request_id, acs_url = _saml_start(client)
    overrides: dict = {}
    if bad == "unsigned":
        overrides["signed"] = False
    elif bad == "signed by another key":
        overrides["sign_with"] = key_and_certificate("mallory.example")
    elif bad == "expired":
        overrides["valid_for"] = dt.timedelta(minutes=-5)
    elif bad == "for another audience":
        overrides["audience"] = "https://another-service.example/shibboleth"
    elif bad == "another university":
        overrides["attributes"] = {MAIL: ["eve@a1.example"], HOME_ORGANIZATION: ["a2.example"]}
    elif bad == "replayed":
        response, _answer = _saml_answer(client, idp_a1, request_id, acs_url)
        client.logout()
        User.objects.filter(email="joao@a1.example").delete()
    elif bad == "provider switched off":
        IdentityProvider.objects.filter(university=world.a1).update(enabled=False)
    before = set(User.objects.values_list("pk", flat=True))

    if bad == "replayed":
        posted = client.post(urlsplit(acs_url).path, {"SAMLResponse": encoded(response)})
        answer = client.get(posted.url)
    elif bad == "tampered":
        response = idp_a1.response(
            request_id=request_id, acs_url=acs_url, audience=service_provider_entity_id(),
            attributes={MAIL: ["joao@a1.example"], HOME_ORGANIZATION: ["a1.example"]},
        ).replace("joao@a1.example", "rector@a1.example")  # fmt: skip
        posted = client.post(urlsplit(acs_url).path, {"SAMLResponse": encoded(response)})
        answer = client.get(posted.url)
    elif bad == "provider switched off":
        posted = client.post(urlsplit(acs_url).path, {"SAMLResponse": encoded("<x/>")})
        answer = posted if posted.status_code == HTTPStatus.NOT_FOUND else client.get(posted.url)
    else:
        _response, answer = _saml_answer(client, idp_a1, request_id, acs_url, **overrides)

    assert answer.status_code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND)
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous
    assert set(User.objects.values_list("pk", flat=True)) == before
    assert not SocialAccount.objects.exists()
    if answer.status_code != HTTPStatus.NOT_FOUND:
        assert "<nav" in answer.content.decode()  # the site's own layout
    assert any(record.levelno >= logging.WARNING for record in caplog.records)  # a line for the operator


# Two-factor authentication through the identity provider (REFEDS MFA)


def _staff_signs_in_through_saml(client, world, idp, *, authn_context: str):
    request_id, acs_url = _saml_start(client)
    attributes = {
        MAIL: [world.coordinator_a1.email],
        SUBJECT_ID: [world.coordinator_a1.email],
        HOME_ORGANIZATION: ["a1.example"],
    }
    return _saml_answer(client, idp, request_id, acs_url, attributes=attributes, authn_context=authn_context)[
        1
    ]


def test_staff_whose_provider_asserts_refeds_mfa_are_not_asked_for_the_local_second_factor(
    client, world, idp_a1, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    TOTP.activate(world.coordinator_a1, generate_totp_secret())

    answer = _staff_signs_in_through_saml(client, world, idp_a1, authn_context=MFA_CONTEXT)

    assert answer.url != reverse("mfa_authenticate")
    assert client.get(reverse("home")).wsgi_request.user == world.coordinator_a1
    assert client.get(reverse("queue:index")).status_code == HTTPStatus.OK


def test_staff_signing_in_through_a_provider_without_mfa_still_take_the_local_second_factor(
    client, world, idp_a1, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    TOTP.activate(world.coordinator_a1, generate_totp_secret())

    answer = _staff_signs_in_through_saml(client, world, idp_a1, authn_context=PASSWORD_CONTEXT)

    assert answer.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous


def test_staff_without_an_authenticator_signing_in_without_mfa_must_set_one_up(
    client, world, idp_a1, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    _staff_signs_in_through_saml(client, world, idp_a1, authn_context=PASSWORD_CONTEXT)
    assert client.get(reverse("queue:index")).url == reverse("mfa_activate_totp")


# People who sign in only through their university have no password


def test_someone_without_a_password_deletes_their_account_after_a_mailed_code(client, world, myacademicid):
    sign_in_through_provider(client, "ines")
    person = User.objects.get(email="ines.sousa@mail.example")
    assert 'type="password"' not in client.get(reverse("privacy:delete")).content.decode()

    asked = client.post(reverse("privacy:delete"), {})
    assert asked.url.startswith(reverse("account_request_reauthentication_code"))
    mail.outbox.clear()
    sent = client.post(asked.url, {"recipient": person.email})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        confirmed = client.post(sent.url, {"code": code}, follow=True)

    assert confirmed.status_code == HTTPStatus.OK
    assert not User.objects.filter(pk=person.pk).exists()


def test_people_with_a_password_cannot_confirm_by_mailed_code(client, world):
    client.force_login(world.student_a1)
    assert client.get(reverse("account_request_reauthentication_code")).status_code == HTTPStatus.FORBIDDEN
    assert client.get(reverse("account_confirm_reauthentication_code")).status_code == HTTPStatus.FORBIDDEN


def test_unlinking_the_university_account_lets_the_address_decide_again(client, world, myacademicid):
    someone = UserFactory(email="someone@a1.example")
    client.force_login(someone)
    sign_in_through_provider(client, "mallory", process="connect")
    someone.refresh_from_db()
    assert someone.home_university == world.a2  # the provider's statement wins over the address
    account = SocialAccount.objects.get(user=someone)

    someone.set_password("a long enough passphrase")  # allauth keeps the last way in
    someone.save()
    client.force_login(someone)
    client.post(reverse("socialaccount_connections"), {"account": account.pk})

    someone.refresh_from_db()
    assert not SocialAccount.objects.filter(user=someone).exists()
    assert not UniversityIdentity.objects.filter(user=someone).exists()
    assert someone.home_university == world.a1
    assert someone.home_university_changes.first().source == HomeUniversityChange.Source.EMAIL


def test_a_provider_that_is_down_gets_a_page_and_password_sign_in_still_works(
    client, world, settings, caplog
):
    settings.SOCIALACCOUNT_PROVIDERS = myacademicid_settings(f"http://127.0.0.1:{free_port()}")

    answer = client.get(reverse("openid_connect_login", args=["myacademicid"]), {"process": "login"})

    assert answer.status_code == HTTPStatus.UNAUTHORIZED
    assert "<nav" in answer.content.decode()
    assert any("could not start" in record.getMessage() for record in caplog.records)
    signed_in = client.post(
        reverse("account_login"), {"login": world.student_a1.email, "password": "password"}
    )
    assert signed_in.status_code == HTTPStatus.FOUND
    assert client.get(reverse("home")).wsgi_request.user == world.student_a1
