from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import AffiliationOverride
from tests.accounts.factories import UserFactory
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
