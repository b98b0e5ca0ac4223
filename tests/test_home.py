from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import affiliation_override_set

pytestmark = pytest.mark.django_db


def _home(client, email: str):
    client.force_login(User.objects.get(email=email))
    response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    return response


@pytest.mark.parametrize("slug", ["poitiers", "coimbra", "frankfurt", "telaviv"])
def test_demo_student_sees_their_university_and_local_coordinator(client, demo, slug):
    response = _home(client, f"student@{slug}.example")
    user = response.wsgi_request.user
    local = [c for c in response.context["contacts"] if c.is_local]
    assert [c.queue.university.slug for c in local] == [slug]
    assert [p.email for p in local[0].coordinators] == [f"coordinator@{slug}.example"]
    assert user.home_university.name in response.content.decode()
    assert f"coordinator@{slug}.example" in response.content.decode()


def test_member_of_one_alliance_is_sent_to_the_other_alliance_s_central_office(client, demo):
    contacts = _home(client, "academic@jena.example").context["contacts"]
    assert [(c.alliance.code, c.is_local) for c in contacts] == [
        ("EC2U", True),
        ("TRUMOTION", False),
    ]
    assert contacts[1].queue.is_central


def test_outsider_sees_every_central_office(client, demo):
    response = _home(client, "visitor@elsewhere.example")
    assert {(c.alliance.code, c.queue.is_central) for c in response.context["contacts"]} == {
        ("EC2U", True),
        ("TRUMOTION", True),
    }
    body = response.content.decode()
    assert "office@ec2u.example" in body
    assert "office@trumotion.example" in body
    assert "+33 5 49 45 30 00" in body


def test_home_university_follows_an_override(client, demo):
    student = User.objects.get(email="student@poitiers.example")
    admin = User.objects.get(email="admin@hub.example")
    jena = User.objects.get(email="student@jena.example").home_university
    affiliation_override_set(user=student, university=jena, reason="Double degree", set_by=admin)
    contacts = _home(client, "student@poitiers.example").context["contacts"]
    assert contacts[0].queue.university == jena


def test_home_page_makes_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    client.force_login(User.objects.get(email="student@poitiers.example"))
    with django_assert_max_num_queries(10):
        client.get(reverse("home"))


def test_anonymous_visitor_is_invited_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    assert reverse("account_login") in response.content.decode()
    assert "contacts" not in response.context
