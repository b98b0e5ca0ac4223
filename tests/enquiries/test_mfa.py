"""Two-factor authentication: open to everyone, required of the people who handle enquiries."""

from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from enquiries.services import enquiry_submit
from tests.accounts.sessions import enrol_authenticator, sign_in, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def _with_authenticator(user) -> str:
    """Give ``user`` an authenticator app; return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


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


def test_coordinator_signed_in_with_the_authenticator_reaches_the_queue(client, world, required):
    secret = _with_authenticator(world.coordinator_a1)
    sign_in(client, world.coordinator_a1.email, totp_secret=secret)
    assert client.get(reverse("queue:index")).status_code == HTTPStatus.OK
    assert client.get(reverse("enquiries:detail", args=[_enquiry(world).reference])).status_code == 200


def test_a_session_signed_in_with_the_password_alone_must_confirm_the_second_factor(client, world, required):
    """Having an authenticator is not enough: this session must have used it."""
    secret = _with_authenticator(world.coordinator_a1)
    client.force_login(world.coordinator_a1)
    enquiry = _enquiry(world)

    queue = client.get(reverse("queue:index"))
    page = client.get(reverse("enquiries:detail", args=[enquiry.reference]))

    confirm = reverse("mfa_reauthenticate")
    assert queue.url == f"{confirm}?next=%2Fqueue%2F"
    assert page.url.startswith(f"{confirm}?next=")
    confirmed = client.post(queue.url, {"code": totp_code(secret)})
    assert confirmed.url == reverse("queue:index")
    assert client.get(reverse("queue:index")).status_code == HTTPStatus.OK


@pytest.mark.django_db(transaction=True)
def test_enrolling_an_authenticator_elsewhere_does_not_let_a_password_session_in(world, required):
    first, second = Client(), Client()
    sign_in(first, world.coordinator_a1.email)
    sign_in(second, world.coordinator_a1.email)
    assert first.get(reverse("queue:index")).url == reverse("mfa_activate_totp")

    enrol_authenticator(second)

    assert second.get(reverse("queue:index")).status_code == HTTPStatus.OK
    shut_out = first.get(reverse("queue:index"))
    assert shut_out.status_code == HTTPStatus.FOUND
    assert shut_out.url.startswith((reverse("account_login"), reverse("mfa_reauthenticate")))


@pytest.mark.django_db(transaction=True)
def test_adding_or_removing_an_authenticator_ends_the_person_s_other_sessions(world, required):
    laptop, phone, colleague = Client(), Client(), Client()
    for browser in (laptop, phone):
        sign_in(browser, world.coordinator_a1.email)
    sign_in(colleague, world.coordinator_b1.email)

    secret = enrol_authenticator(laptop)

    assert phone.get(reverse("accounts:profile")).url.startswith(reverse("account_login"))
    assert laptop.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    assert colleague.get(reverse("accounts:profile")).status_code == HTTPStatus.OK

    sign_in(phone, world.coordinator_a1.email, totp_secret=secret)
    laptop.post(reverse("account_reauthenticate"), {"password": "password"})
    assert laptop.post(reverse("mfa_deactivate_totp")).status_code == HTTPStatus.FOUND
    assert not world.coordinator_a1.authenticator_set.exists()
    assert phone.get(reverse("accounts:profile")).url.startswith(reverse("account_login"))
    assert laptop.get(reverse("accounts:profile")).status_code == HTTPStatus.OK


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

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
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
