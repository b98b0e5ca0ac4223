from http import HTTPStatus

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.models import AffiliationOverride
from tests.accounts.factories import UserFactory
from tests.accounts.sessions import sign_in
from tests.institutions.factories import UniversityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="admin@hub.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


def _form(user, **extra):
    return {
        "email": user.email,
        "display_name": user.display_name,
        "language": "en",
        "is_active": "on",
        "override_action": "keep",
        "override_university": "",
        "override_reason": "",
        "affiliation_overrides-TOTAL_FORMS": "0",
        "affiliation_overrides-INITIAL_FORMS": "0",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "university_identity-TOTAL_FORMS": "0",
        "university_identity-INITIAL_FORMS": "0",
        "home_university_changes-TOTAL_FORMS": "0",
        "home_university_changes-INITIAL_FORMS": "0",
        **extra,
    }


def test_site_administrator_overrides_a_home_university_and_it_is_recorded(admin_client):
    UniversityFactory(slug="poitiers", domain="univ-poitiers.example")
    jena = UniversityFactory(slug="jena", domain="uni-jena.example")
    user = UserFactory(email="ana@univ-poitiers.example")
    url = reverse("admin:accounts_user_change", args=[user.pk])

    response = admin_client.post(
        url,
        _form(user, override_action="set", override_university=jena.pk, override_reason="Joint PhD"),
    )

    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.home_university == jena
    override = AffiliationOverride.objects.get(user=user)
    assert (override.created_by, override.reason) == (admin_client.admin, "Joint PhD")
    assert "Joint PhD" in admin_client.get(url).content.decode()


def test_override_without_a_reason_is_refused(admin_client):
    user = UserFactory()
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = admin_client.post(url, _form(user, override_action="set"))
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors.as_data()["override_reason"][0].code == "reason_required"
    assert not AffiliationOverride.objects.exists()


def test_admin_lists_and_creates_people(admin_client):
    assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == HTTPStatus.OK
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@elsewhere.example",
            "usable_password": "true",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == HTTPStatus.FOUND


# Signing in to the admin site: only through allauth, and with the second factor


def test_the_admin_s_own_sign_in_form_signs_nobody_in(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    UserFactory(email="admin@hub.example", is_staff=True, is_superuser=True)

    response = client.post(
        reverse("admin:login"), {"username": "admin@hub.example", "password": "password", "next": "/admin/"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_a_site_administrator_without_an_authenticator_sets_one_up_before_the_admin(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    UserFactory(email="admin@hub.example", is_staff=True, is_superuser=True)
    sign_in(client, "admin@hub.example")

    response = client.get(reverse("admin:index"))

    assert response.url == reverse("mfa_activate_totp")


def test_a_site_administrator_signed_in_with_the_password_alone_confirms_the_second_factor(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    admin = UserFactory(email="admin@hub.example", is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    client.force_login(admin)  # a session that never used the authenticator

    refused = client.get(reverse("admin:accounts_user_changelist"))
    assert refused.url.startswith(reverse("mfa_reauthenticate"))

    client.logout()
    sign_in(client, "admin@hub.example", totp_secret=secret)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == HTTPStatus.OK
