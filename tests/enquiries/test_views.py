import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enquiries.models import Attachment, AuditEntry, Enquiry, Message
from enquiries.services import enquiry_note, enquiry_reply, enquiry_submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="transcript.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def application(world):
    enquiry = enquiry_submit(
        requester=world.student_a1,
        alliance=world.alliance_a,
        subject="Application",
        message="Please consider me",
        kind=Enquiry.Kind.APPLICATION,
        opportunity=world.opportunity_a2,
        files=[_pdf()],
    )
    enquiry_note(enquiry=enquiry, by=world.coordinator_a1, body="Secret staff note")
    return enquiry


def _as(client, user):
    client.force_login(user)
    return client


# Who sees the application of student_a1 (home a1) to an opportunity hosted by a2, and how.
EXPECTED = {
    "student_a1": "requester",
    "staff_a1": "staff",
    "coordinator_a1": "staff",
    "office_a": "staff",
    "coordinator_a2": "host",
    "student_a2": None,
    "student_b1": None,
    "coordinator_b1": None,
    "office_b": None,
    "outsider": None,
}


@pytest.mark.parametrize(("person", "capacity"), EXPECTED.items())
def test_enquiry_page_and_attachments_are_reachable_only_by_those_concerned(
    client, world, application, person, capacity
):
    _as(client, getattr(world, person))
    page = client.get(application.get_absolute_url())
    attachment = application.messages.first().attachments.get()
    download = client.get(reverse("enquiries:attachment", args=[application.reference, attachment.pk]))
    if capacity is None:
        assert page.status_code == download.status_code == HTTPStatus.NOT_FOUND
        return
    assert page.status_code == HTTPStatus.OK
    assert page.context["access"] == capacity
    assert ("Secret staff note" in page.content.decode()) == (capacity != "requester")
    assert download.status_code == HTTPStatus.OK
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("reply", {"body": "x"}),
        ("note", {"body": "x"}),
        ("status", {"status": "resolved"}),
        ("assign", {"to_me": "1"}),
        ("outcome", {"outcome": "accepted"}),
        ("priority", {"priority": "3"}),
        ("recommend", {"verdict": "recommended"}),
    ],
)
@pytest.mark.parametrize("person", [p for p, c in EXPECTED.items() if c is None])
def test_actions_answer_404_to_people_outside_the_enquiry(client, world, application, action, data, person):
    _as(client, getattr(world, person))
    response = client.post(reverse(f"enquiries:{action}", args=[application.reference]), data)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert application.audit_entries.count() == 2


@pytest.mark.parametrize("action", ["reply", "status", "outcome", "assign", "forward", "priority"])
def test_host_coordinator_cannot_reply_or_decide(client, world, application, action):
    _as(client, world.coordinator_a2)
    response = client.post(
        reverse(f"enquiries:{action}", args=[application.reference]), {"status": "resolved"}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    application.refresh_from_db()
    assert application.status == Enquiry.Status.NEW


def test_host_coordinator_notes_and_recommends(client, world, application):
    _as(client, world.coordinator_a2)
    client.post(reverse("enquiries:note", args=[application.reference]), {"body": "Good fit for our lab"})
    client.post(reverse("enquiries:recommend", args=[application.reference]), {"verdict": "recommended"})
    assert application.messages.filter(body="Good fit for our lab", visibility="internal").exists()
    assert application.recommendations.get().verdict == "recommended"
    hosted = client.get(reverse("queue:index"), {"view": "hosted"})
    assert application.reference in hosted.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    for url in (
        reverse("enquiries:mine"),
        reverse("enquiries:new"),
        application.get_absolute_url(),
        reverse("queue:index"),
    ):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("account_login"))


def test_requesters_have_no_work_queue(client, world):
    _as(client, world.student_a1)
    assert client.get(reverse("queue:index")).status_code == HTTPStatus.NOT_FOUND


def test_student_sees_their_local_coordinator_before_submitting_and_the_enquiry_lands_there(client, world):
    _as(client, world.student_a1)
    url = reverse("enquiries:new") + f"?opportunity={world.opportunity_a2.slug}"
    form_page = client.get(url).content.decode()
    assert "Your local ALLA coordinator at University a1" in form_page
    response = client.post(url, {"kind": "interest", "subject": "Interested", "message": "Tell me more"})
    assert response.status_code == HTTPStatus.FOUND
    enquiry = Enquiry.objects.get()
    assert enquiry.queue == world.queue_a1
    confirmation = client.get(response.url, follow=True).content.decode()
    assert enquiry.reference in confirmation


def test_general_enquiry_asks_for_alliance_and_topic(client, world):
    _as(client, world.outsider)
    response = client.post(
        reverse("enquiries:new"),
        {
            "alliance": world.alliance_b.pk,
            "topic": "research",
            "subject": "Research stay",
            "message": "Hello",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Enquiry.objects.get().queue == world.central_b


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (lambda: SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf"), "file_type"),
        (lambda: _pdf("big.pdf", PDF + b"0" * (10 * 1024 * 1024)), "file_too_large"),
    ],
)
def test_bad_upload_is_refused_with_a_message_and_the_text_is_kept(client, world, upload, code):
    _as(client, world.student_a1)
    file = upload()
    data = {
        "alliance": world.alliance_a.pk,
        "topic": "general",
        "subject": "Keep me",
        "message": "Keep this text",
        "attachments": file,
    }
    response = client.post(reverse("enquiries:new"), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert code in [e.code for e in response.context["form"].errors.as_data()["attachments"]]
    body = response.content.decode()
    assert "Keep this text" in body
    assert 'value="Keep me"' in body
    assert not Enquiry.objects.exists()
    assert not Attachment.objects.exists()


def test_path_in_an_uploaded_name_never_reaches_the_disk_or_the_page(client, world):
    _as(client, world.student_a1)
    data = {"alliance": world.alliance_a.pk, "topic": "general", "subject": "S", "message": "M"}
    client.post(reverse("enquiries:new"), {**data, "attachments": _pdf("../../etc/passwd.pdf")})
    attachment = Attachment.objects.get()
    assert attachment.name == "passwd.pdf"
    assert attachment.file.name.startswith("attachments/")
    assert ".." not in attachment.file.name


def test_service_refuses_a_file_name_with_a_path(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        enquiry_submit(
            requester=world.student_a1, alliance=world.alliance_a, subject="S", message="M",
            files=[_pdf("..\\\\secrets\\\\cv.pdf")],
        )  # fmt: skip
    assert error.value.error_list[0].code == "path_in_name"
    assert not Enquiry.objects.exists()


def test_docx_and_odt_are_recognised_by_content(world):
    import zipfile

    def archive(members):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name, content in members.items():
                z.writestr(name, content)
        return buffer.getvalue()

    docx = SimpleUploadedFile("letter.odt", archive({"[Content_Types].xml": "x", "word/document.xml": "x"}))
    odt = SimpleUploadedFile("essay", archive({"mimetype": "application/vnd.oasis.opendocument.text"}))
    enquiry = enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="S", message="M", files=[docx, odt]
    )
    names = list(Attachment.objects.filter(message__enquiry=enquiry).values_list("name", "content_type"))
    assert names == [
        ("letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("essay.odt", "application/vnd.oasis.opendocument.text"),
    ]


def test_staff_journey_assign_ask_and_resolve(client, world):
    enquiry = enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="S", message="M")
    _as(client, world.coordinator_a1)
    url = enquiry.get_absolute_url
    client.post(reverse("enquiries:assign", args=[enquiry.reference]), {"to_me": "1"})
    client.post(
        reverse("enquiries:reply", args=[enquiry.reference]), {"body": "Which semester?", "ask": "on"}
    )
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.assignee) == (Enquiry.Status.WAITING, world.coordinator_a1)
    _as(client, world.student_a1)
    client.post(reverse("enquiries:reply", args=[enquiry.reference]), {"body": "Spring"})
    _as(client, world.coordinator_a1)
    client.post(reverse("enquiries:status", args=[enquiry.reference]), {"status": "resolved"})
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.RESOLVED
    assert url()


def test_requester_cannot_resolve_through_the_status_action(client, world):
    enquiry = enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="S", message="M")
    _as(client, world.student_a1)
    client.post(reverse("enquiries:status", args=[enquiry.reference]), {"status": "resolved"})
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


def test_viewing_an_attachment_as_staff_is_audited(client, world, application):
    _as(client, world.coordinator_a1)
    attachment = Attachment.objects.get()
    client.get(reverse("enquiries:attachment", args=[application.reference, attachment.pk]))
    assert application.audit_entries.filter(action=AuditEntry.Action.ATTACHMENT_VIEWED).count() == 1


def test_internal_note_attachment_is_hidden_from_the_requester(client, world, application):
    note = enquiry_note(
        enquiry=application, by=world.coordinator_a1, body="See file", files=[_pdf("internal.pdf")]
    )
    attachment = note.attachments.get()
    _as(client, world.student_a1)
    response = client.get(reverse("enquiries:attachment", args=[application.reference, attachment.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_work_queue_filters_by_status_assignee_and_text(client, world):
    first = enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Housing", message="M"
    )
    second = enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Grades", message="M"
    )
    enquiry_reply(enquiry=second, by=world.staff_a1, body="Answer")
    _as(client, world.coordinator_a1)
    page = client.get(reverse("queue:index"), {"status": "new"})
    assert [e.pk for e in page.context["page"]] == [first.pk]
    page = client.get(reverse("queue:index"), {"assignee": "unassigned"})
    assert [e.pk for e in page.context["page"]] == [first.pk]
    page = client.get(reverse("queue:index"), {"q": "grades"})
    assert [e.pk for e in page.context["page"]] == [second.pk]
    page = client.get(reverse("queue:index"), {"q": second.reference})
    assert [e.pk for e in page.context["page"]] == [second.pk]


def test_central_office_sees_all_queues_of_its_alliance_only(client, world):
    a = enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="A", message="M")
    b = enquiry_submit(requester=world.student_b1, alliance=world.alliance_b, subject="B", message="M")
    _as(client, world.office_a)
    listed = {e.pk for e in client.get(reverse("queue:index")).context["page"]}
    assert a.pk in listed
    assert b.pk not in listed


def test_bulk_assign_to_me_applies_to_own_queues_only(client, world):
    mine = enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="A", message="M")
    theirs = enquiry_submit(requester=world.student_a2, alliance=world.alliance_a, subject="B", message="M")
    _as(client, world.coordinator_a1)
    client.post(reverse("queue:bulk"), {"enquiries": [mine.pk, theirs.pk], "action": "assign_me"})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.assignee == world.coordinator_a1
    assert theirs.assignee is None


def test_requester_never_receives_internal_notes_in_the_thread(client, world, application):
    _as(client, world.student_a1)
    thread = client.get(application.get_absolute_url()).context["thread"]
    assert all(m.visibility == Message.Visibility.PUBLIC for m, _shown in thread)


@pytest.mark.parametrize(("value", "ticked"), [("true", True), ("false", False), ("foo", False)])
def test_overdue_box_is_ticked_only_when_the_filter_applies(client, world, value, ticked):
    client.force_login(world.coordinator_a1)
    page = client.get(reverse("queue:index"), {"overdue": value}).content.decode()
    box = next(line for line in page.splitlines() if 'id="id_overdue"' in line)
    assert (" checked" in box) is ticked


@pytest.mark.parametrize(
    ("action", "person"), [("reply", "student_a1"), ("reply", "staff_a1"), ("note", "staff_a1")]
)
def test_a_flood_of_replies_or_notes_is_paused_and_the_last_text_is_kept(
    client, world, application, settings, action, person
):
    settings.ACCOUNT_RATE_LIMITS = {"enquiry_message": "3/m/user,50/h/user"}
    client.force_login(getattr(world, person))
    url = reverse(f"enquiries:{action}", args=[application.reference])
    before = application.messages.count()

    answers = [client.post(url, {"body": f"Message {n}"}) for n in range(4)]

    assert [a.status_code for a in answers] == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert application.messages.count() == before + 3
    assert "Message 3" in answers[-1].content.decode()
    assert "wait a few minutes" in answers[-1].content.decode()
    client.force_login(world.coordinator_a1)  # another person is not held back
    assert client.post(url, {"body": "Hello"}).status_code == HTTPStatus.FOUND


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_REFERER": "https://evil.example/page"},
    ],
)
def test_a_link_from_another_site_neither_opens_a_document_for_staff_nor_records_it(
    client, world, application, headers
):
    _as(client, world.coordinator_a1)
    attachment = Attachment.objects.get()
    url = reverse("enquiries:attachment", args=[application.reference, attachment.pk])

    response = client.get(url, **headers)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/html")
    assert f'href="{url}"' in response.content.decode()
    assert not application.audit_entries.filter(action=AuditEntry.Action.ATTACHMENT_VIEWED).exists()
    followed = client.get(url, HTTP_SEC_FETCH_SITE="same-origin", HTTP_REFERER=f"http://testserver{url}")
    assert b"".join(followed.streaming_content) == PDF
    assert application.audit_entries.filter(action=AuditEntry.Action.ATTACHMENT_VIEWED).count() == 1


def test_the_requester_gets_their_own_document_whatever_the_link_s_origin(client, world, application):
    _as(client, world.student_a1)
    attachment = Attachment.objects.get()
    url = reverse("enquiries:attachment", args=[application.reference, attachment.pk])
    response = client.get(url, HTTP_SEC_FETCH_SITE="cross-site")
    assert b"".join(response.streaming_content) == PDF


def test_staff_see_the_affiliation_the_requester_s_university_stated(client, world, application):
    from accounts.models import UniversityIdentity

    UniversityIdentity.objects.create(
        user=world.student_a1,
        provider="saml:a1",
        home_organization="a1.example",
        affiliations=["student@a1.example"],
    )
    _as(client, world.coordinator_a1)
    assert "student@a1.example" in client.get(application.get_absolute_url()).content.decode()
    _as(client, world.student_a1)
    assert "Affiliation stated" not in client.get(application.get_absolute_url()).content.decode()
