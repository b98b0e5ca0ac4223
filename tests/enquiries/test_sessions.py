"""Sessions end when left idle (sooner for staff) and after a maximum age."""

import time
from http import HTTPStatus

import pytest
from django.urls import reverse

from enquiries.sessions import SEEN, STARTED

pytestmark = pytest.mark.django_db

HOUR = 3600


def _signed_in_then_away(client, user, *, away: float, signed_in_ago: float | None = None) -> None:
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    session = client.session
    session[SEEN] = time.time() - away
    session[STARTED] = time.time() - (signed_in_ago if signed_in_ago is not None else away)
    session.save()


def _still_signed_in(client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("person", "away_hours", "signed_in"),
    [
        ("student_a1", 3, True),
        ("student_a1", 25, False),
        ("staff_a1", 1, True),
        ("staff_a1", 3, False),
        ("coordinator_a1", 3, False),
    ],
)
def test_a_session_left_idle_ends_sooner_for_staff(client, world, person, away_hours, signed_in):
    _signed_in_then_away(client, getattr(world, person), away=away_hours * HOUR)
    assert _still_signed_in(client) is signed_in


def test_a_site_administrator_counts_as_staff(client, world):
    world.student_a1.is_staff = True
    world.student_a1.save(update_fields=["is_staff"])
    _signed_in_then_away(client, world.student_a1, away=3 * HOUR)
    assert not _still_signed_in(client)


def test_an_active_session_still_ends_at_its_maximum_age(client, world, settings):
    settings.SESSION_MAX_AGE_DAYS = 7
    _signed_in_then_away(client, world.student_a1, away=60, signed_in_ago=7 * 24 * HOUR + 60)
    assert not _still_signed_in(client)


def test_the_person_is_told_why_they_must_sign_in_again(client, world):
    _signed_in_then_away(client, world.student_a1, away=25 * HOUR)
    page = client.get(reverse("accounts:profile"), follow=True)
    assert "signed out" in page.content.decode()


def test_browsing_writes_the_last_request_time_at_most_once_a_minute(client, world):
    client.force_login(world.student_a1)
    first = client.session[SEEN]
    client.get(reverse("home"))
    assert client.session[SEEN] == first
    session = client.session
    session[SEEN] = first - 61
    session.save()
    client.get(reverse("home"))
    assert client.session[SEEN] > first
