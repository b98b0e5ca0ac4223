"""Nothing shown to a signed-in person may be kept by a shared or browser cache."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from opportunities.services import calendar_token_for

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize(
    "name", ["home", "accounts:profile", "opportunities:catalogue", "enquiries:mine", "notifications:index"]
)
def test_pages_behind_sign_in_say_private_no_store(client, world, name):
    client.force_login(world.student_a1)
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    assert _no_store(response)


def test_downloads_and_redirects_for_signed_in_people_say_private_no_store(client, world):
    from enquiries.services import enquiry_submit
    from tests.enquiries.test_views import _pdf

    enquiry = enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Visa", message="Hi", files=[_pdf()]
    )
    attachment = enquiry.messages.get().attachments.get()
    client.force_login(world.student_a1)
    download = client.get(reverse("enquiries:attachment", args=[enquiry.reference, attachment.pk]))
    redirect = client.post(reverse("notifications:mark_all_read"))
    assert download.status_code == HTTPStatus.OK
    assert redirect.status_code == HTTPStatus.FOUND
    assert _no_store(download)
    assert _no_store(redirect)


def test_the_private_calendar_is_not_cached_either(client, world):
    token = calendar_token_for(user=world.student_a1)
    response = client.get(reverse("opportunities:saved_ics", args=[token]))
    assert response.status_code == HTTPStatus.OK
    assert _no_store(response)


def test_public_pages_for_visitors_stay_cacheable(client):
    response = client.get(reverse("privacy:notice"))
    assert "no-store" not in response.get("Cache-Control", "")
