from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role, User
from enquiries.models import Queue, QueueMembership
from institutions.models import Alliance, EmailDomain, University

pytestmark = pytest.mark.django_db

EC2U = ["coimbra", "iasi", "jena", "linz", "pavia", "poitiers", "salamanca", "turku", "umea"]
TRUMOTION = ["birmingham", "frankfurt", "lyon2", "sciencespo-lyon", "cattolica", "lodz", "telaviv"]


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Alliance, University, EmailDomain, Queue, QueueMembership, Role, User)
    } | {"home": sorted(User.objects.values_list("email", "home_university_id", "password"))}


def test_seed_demo_loads_both_alliances_with_their_universities(demo):
    assert dict(Alliance.objects.values_list("slug", "code")) == {
        "ec2u": "EC2U",
        "trumotion": "TRUMOTION",
    }
    assert set(University.objects.filter(alliance__slug="ec2u").values_list("slug", flat=True)) == set(EC2U)
    assert set(University.objects.filter(alliance__slug="trumotion").values_list("slug", flat=True)) == set(
        TRUMOTION
    )
    for university in University.objects.all():
        assert university.email_domains.get().domain == f"{university.slug}.example"
        assert university.queues.get(topic="").members.get().email == f"coordinator@{university.slug}.example"


def test_seed_demo_wires_every_role(demo):
    for slug in EC2U + TRUMOTION:
        for role in ("student", "academic", "coordinator"):
            assert User.objects.get(email=f"{role}@{slug}.example").home_university.slug == slug
        coordinator = Role.objects.get(kind=Role.Kind.COORDINATOR, university__slug=slug)
        assert coordinator.user.email == f"coordinator@{slug}.example"
    for slug in ("ec2u", "trumotion"):
        central = Queue.objects.central().get(alliance__slug=slug)
        office = User.objects.get(email=f"office@{slug}.example")
        assert list(central.members.all()) == [office]
        assert office.home_university is None
        assert office.roles.get().kind == Role.Kind.CENTRAL_OFFICE
    assert Role.objects.count() == len(EC2U + TRUMOTION) + 2
    assert User.objects.get(email="visitor@elsewhere.example").home_university is None
    admin = User.objects.get(email="admin@hub.example")
    assert admin.is_staff
    assert admin.is_superuser
    assert all(u.emailaddress_set.get().verified for u in User.objects.all())
    assert all(u.check_password("demo-password") for u in User.objects.all())


def test_running_seed_demo_twice_changes_nothing(demo, capsys):
    before = _snapshot()
    call_command("seed_demo", not_production=True)
    assert _snapshot() == before


def test_seed_demo_prints_the_accounts_and_the_password(db, capsys):
    call_command("seed_demo", not_production=True, password="s3cret-demo")
    out = capsys.readouterr().out
    for email in ("student@poitiers.example", "office@trumotion.example", "admin@hub.example"):
        assert email in out
    assert "s3cret-demo" in out
    assert User.objects.get(email="student@umea.example").check_password("s3cret-demo")


def test_seed_demo_with_a_new_password_resets_the_demo_accounts(demo):
    call_command("seed_demo", not_production=True, password="another-one")
    assert User.objects.get(email="coordinator@lodz.example").check_password("another-one")


@pytest.mark.parametrize(
    "email",
    [
        "student@poitiers.example",
        "academic@coimbra.example",
        "coordinator@frankfurt.example",
        "office@ec2u.example",
        "office@trumotion.example",
        "visitor@elsewhere.example",
        "admin@hub.example",
    ],
)
def test_every_demo_role_can_sign_in(client, demo, email):
    response = client.post(
        reverse("account_login"), {"login": email, "password": "demo-password"}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert response.wsgi_request.user.email == email
    assert response.redirect_chain[-1][0] == reverse("home")


def test_demo_site_administrator_reaches_the_admin(client, demo):
    client.post(reverse("account_login"), {"login": "admin@hub.example", "password": "demo-password"})
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
