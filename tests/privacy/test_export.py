import json
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.privacy.conftest import NAME, SECOND_ADDRESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def download(client, person):
    client.force_login(person.user)
    return client.get(reverse("privacy:export"))


@pytest.fixture
def data(download) -> dict:
    return json.loads(download.content)


def test_export_is_a_json_download(download):
    assert download.status_code == HTTPStatus.OK
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"].startswith("attachment;")
    assert ".json" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]


def test_export_has_the_profile_addresses_affiliation_overrides_and_roles(data, person):
    assert data["format"] == "mobility-hub-personal-data"
    profile = data["profile"]
    assert profile["email"] == person.email
    assert profile["display_name"] == NAME
    assert profile["language"] == "en"
    assert profile["home_university"]["slug"] == "a1"
    assert {a["email"] for a in data["email_addresses"]} == {person.email, SECOND_ADDRESS}
    assert [o["reason"] for o in data["affiliation_overrides"]] == [f"Confirmed by HR for {NAME}"]
    assert data["roles"] == [
        {"role": "coordinator", "alliance": "ALLA", "university": {"name": person.world.a1.name,
         "slug": "a1", "alliance": "ALLA"}},
    ]  # fmt: skip
    assert [a["type"] for a in data["two_factor_authentication"]] == ["totp"]
    assert data["university_identity"]["european_student_identifier"] == person.esi
    assert data["university_identity"]["affiliations"] == ["staff@a1.example"]
    assert [a["identifier"] for a in data["linked_university_accounts"]] == ["zq@a1.example"]
    assert "secret" not in json.dumps(data["two_factor_authentication"])


def test_export_has_their_enquiries_as_they_see_them(data, person):
    (enquiry,) = data["enquiries"]
    assert enquiry["reference"] == person.own.reference
    assert enquiry["subject"] == f"Visit of {NAME}"
    texts = [m["text"] for m in enquiry["messages"]]
    assert texts[0].startswith(f"Hello, I am {NAME}.")
    assert f"Dear {NAME}, which dates?" in texts
    assert [m["by_you"] for m in enquiry["messages"]] == [True, False, True]
    assert enquiry["messages"][0]["attachments"] == ["zephyrine-cv.pdf"]
    statuses = [(e["before"], e["after"]) for e in enquiry["history"] if e["event"] == "status"]
    assert statuses == [("new", "open"), ("open", "waiting"), ("waiting", "open")]


def test_export_leaves_out_other_people_s_internal_notes(download):
    assert b"office B thinks" not in download.content


def test_export_has_every_message_they_wrote_including_as_staff(data, person):
    written = {(m["enquiry"], m["visibility"], m["text"]) for m in data["messages_written"]}
    assert (person.handled.reference, "public", f"Yes. {NAME}, coordinator") in written
    assert (person.handled.reference, "internal", "Rooms are booked until June.") in written
    assert (person.own.reference, "public", "From 3 to 7 May.") in written


def test_export_lists_attachments_without_their_content(data, person, download):
    attachments = {a["name"]: a for a in data["attachments"]}
    assert set(attachments) == {"zephyrine-cv.pdf", "rooms.pdf"}
    cv = attachments["zephyrine-cv.pdf"]
    assert cv["enquiry"] == person.own.reference
    assert cv["content_type"] == "application/pdf"
    assert cv["size"] == person.own_attachment.size
    assert b"%PDF" not in download.content


def test_export_has_notifications_preferences_saved_opportunities_and_calendar(data, person, download):
    assert data["notifications"]
    assert {n["event"] for n in data["notifications"]} >= {"enquiry.received", "enquiry.reply"}
    chosen = [p for p in data["notification_preferences"] if p["chosen"]]
    assert chosen == [{"category": "internal-notes", "delivery": "digest", "chosen": True}]
    assert [s["title"] for s in data["saved_opportunities"]] == [person.world.opportunity_a2.title]
    assert data["calendar_address_exists"] is True
    assert person.calendar_token.encode() not in download.content


def test_export_has_queues_and_recommendations(data, person):
    assert data["queue_memberships"] == ["a1 queue"]
    (recommendation,) = data["recommendations_written"]
    assert recommendation["enquiry"] == person.application.reference
    assert recommendation["comment"] == "A strong candidate."


def test_export_is_only_for_signed_in_people(client):
    response = client.get(reverse("privacy:export"))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response.url
