"""Two-factor authentication: open to everyone, required of the people who handle enquiries."""

from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.urls import reverse

from enquiries.services import enquiry_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def _with_authenticator(user) -> str:
    """Give ``user`` an authenticator app; return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(counters())))


def _enquiry(world):
    return enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="Visa", message="Hi")


def test_coordinator_without_mfa_is_sent_to_set_it_up_before_reaching_the_queue(client, world, required):
    client.force_login(world.coordinator_a1)

    response = client.get(reverse("queue:index"), follow=True)

    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), HTTPStatus.FOUND)
    assert "two-factor authentication" in str(next(iter(response.context["messages"])))


@pytest.mark.parametrize("person", ["staff_a1", "office_a"])
def test_queue_members_and_central_offices_need_mfa_for_queue_administration_too(
    client, world, required, person
):
    client.force_login(getattr(world, person))
    response = client.get(reverse("queue:manage"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("mfa_activate_totp")


def test_staff_without_mfa_cannot_open_an_enquiry_or_its_attachments_by_address(client, world, required):
    from tests.enquiries.test_views import _pdf

    enquiry = enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Visa", message="Hi", files=[_pdf()]
    )
    attachment = enquiry.messages.get().attachments.get()
    client.force_login(world.coordinator_a1)

    pages = [
        client.get(reverse("enquiries:detail", args=[enquiry.reference])),
        client.get(reverse("enquiries:attachment", args=[enquiry.reference, attachment.pk])),
        client.post(reverse("enquiries:note", args=[enquiry.reference]), {"body": "x"}),
    ]

    assert [(page.status_code, page.url) for page in pages] == [
        (HTTPStatus.FOUND, reverse("mfa_activate_totp"))
    ] * 3
    assert enquiry.messages.count() == 1
    assert not enquiry.audit_entries.exclude(action="submitted").exists()


def test_host_coordinator_needs_mfa_to_follow_an_application(client, world, required):
    enquiry = enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Application", message="Hi",
        kind="application", opportunity=world.opportunity_a2,
    )  # fmt: skip
    client.force_login(world.coordinator_a2)
    response = client.get(reverse("enquiries:detail", args=[enquiry.reference]))
    assert response.url == reverse("mfa_activate_totp")


def test_coordinator_with_an_authenticator_reaches_the_queue(client, world, required):
    _with_authenticator(world.coordinator_a1)
    client.force_login(world.coordinator_a1)
    assert client.get(reverse("queue:index")).status_code == HTTPStatus.OK
    assert client.get(reverse("enquiries:detail", args=[_enquiry(world).reference])).status_code == 200


def test_the_requirement_can_be_switched_off(client, world, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(world.coordinator_a1)
    assert client.get(reverse("queue:index")).status_code == HTTPStatus.OK


def test_staff_see_their_own_enquiries_and_the_catalogue_without_mfa(client, world, required):
    own = enquiry_submit(
        requester=world.coordinator_a1, alliance=world.alliance_a, subject="Mine", message="."
    )
    client.force_login(world.coordinator_a1)
    assert client.get(reverse("enquiries:detail", args=[own.reference])).status_code == HTTPStatus.OK
    assert client.get(reverse("opportunities:catalogue")).status_code == HTTPStatus.OK
    assert client.get(reverse("mfa_index")).status_code == HTTPStatus.OK


def test_requesters_are_not_asked_for_mfa_and_still_get_404_for_the_queue(client, world, required):
    client.force_login(world.student_a1)
    assert client.get(reverse("queue:index")).status_code == HTTPStatus.NOT_FOUND
    assert client.get(reverse("enquiries:detail", args=[_enquiry(world).reference])).status_code == 200


def test_anyone_can_find_two_factor_authentication_from_their_profile(client, world):
    client.force_login(world.student_a1)
    assert reverse("mfa_index") in client.get(reverse("accounts:profile")).content.decode()


def _sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": "password"})


def test_sign_in_with_an_authenticator_asks_for_a_code_and_refuses_a_wrong_one(client, world):
    secret = _with_authenticator(world.coordinator_a1)

    response = _sign_in(client, world.coordinator_a1)
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == HTTPStatus.OK
    assert wrong.context["form"].errors
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous

    right = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert right.status_code == HTTPStatus.FOUND
    assert client.get(reverse("home")).wsgi_request.user == world.coordinator_a1


def test_a_recovery_code_signs_in_once(client, world):
    _with_authenticator(world.coordinator_a1)
    code = RecoveryCodes.activate(world.coordinator_a1).get_unused_codes()[0]

    _sign_in(client, world.coordinator_a1)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == HTTPStatus.FOUND
    client.logout()

    _sign_in(client, world.coordinator_a1)
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == HTTPStatus.OK
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous
    assert Authenticator.objects.filter(user=world.coordinator_a1).count() == 2


def test_navigation_shows_the_work_queue_to_staff_whatever_their_mfa(client, world, required):
    client.force_login(world.coordinator_a1)
    assert reverse("queue:index") in client.get(reverse("home")).content.decode()
