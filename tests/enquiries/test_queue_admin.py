from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enquiries.models import CannedReply, Enquiry, Queue, QueueMembership, Topic
from enquiries.queue_selectors import managed_queues
from enquiries.services import enquiry_assign, enquiry_submit
from enquiries.services.queues import (
    canned_reply_delete,
    canned_reply_save,
    queue_member_add,
    queue_member_remove,
    queue_update,
    topic_queue_create,
)
from notifications.models import Notification
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    """Everything queue administration can change, to show that a refusal changed nothing."""
    return (
        list(
            Queue.objects.order_by("pk").values_list(
                "pk", "university_id", "topic", "name", "contact_email", "first_response_target_days"
            )
        ),
        sorted(QueueMembership.objects.values_list("queue_id", "user_id")),
        list(CannedReply.objects.order_by("pk").values_list("pk", "queue_id", "title", "body")),
    )


def _url(name: str, *args) -> str:
    return reverse(f"queue:{name}", args=args)


def _settings(name="a1 queue", email="", days=3) -> dict:
    return {
        "settings-name": name,
        "settings-contact_email": email,
        "settings-first_response_target_days": str(days),
    }


def _canned(world, queue=None, title="Welcome", body="Thank you for your enquiry."):
    return CannedReply.objects.create(queue=queue or world.queue_a1, title=title, body=body)


# Sign-in and who sees what.


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    reply = _canned(world)
    queue = world.queue_a1.pk
    before = _state()
    for method, url in [
        ("get", _url("manage")),
        ("get", _url("manage_queue", queue)),
        ("post", _url("manage_settings", queue)),
        ("post", _url("manage_members", queue)),
        ("post", _url("manage_member_remove", queue, world.staff_a1.pk)),
        ("post", _url("manage_canned", queue)),
        ("post", _url("manage_canned_edit", queue, reply.pk)),
        ("post", _url("manage_canned_delete", queue, reply.pk)),
        ("post", _url("manage_topics", queue)),
    ]:
        response = getattr(client, method)(url, _settings(days=9) if method == "post" else None)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response.url.startswith(reverse("account_login")), url
    assert _state() == before


def test_coordinator_sees_the_queues_of_their_university_with_member_counts(client, world):
    topic_queue = Queue.objects.create(
        alliance=world.alliance_a, university=world.a1, topic=Topic.RESEARCH, name="a1 research"
    )
    client.force_login(world.coordinator_a1)
    response = client.get(_url("manage"))
    assert response.status_code == HTTPStatus.OK
    queues = {queue.pk: queue.member_count for queue in response.context["queues"]}
    assert queues == {world.queue_a1.pk: 2, topic_queue.pk: 0}
    page = response.content.decode()
    assert _url("manage_queue", world.queue_a1.pk) in page
    assert "a2 queue" not in page
    assert "A central office" not in page


def test_central_office_manages_its_central_queue_only(world):
    assert list(managed_queues(world.office_a)) == [world.central_a]
    assert list(managed_queues(world.office_b)) == [world.central_b]
    assert list(managed_queues(world.coordinator_a1)) == [world.queue_a1]


@pytest.mark.parametrize("name", ["staff_a1", "student_a1", "outsider"])
def test_people_who_manage_no_queue_get_404_on_the_list(client, world, name):
    client.force_login(getattr(world, name))
    assert client.get(_url("manage")).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "name", ["coordinator_a2", "coordinator_b1", "staff_a1", "student_a1", "outsider", "office_a", "office_b"]
)
def test_others_get_404_on_every_page_and_action_of_a_queue_and_change_nothing(client, world, name):
    reply = _canned(world)
    queue = world.queue_a1.pk
    before = _state()
    client.force_login(getattr(world, name))
    assert client.get(_url("manage_queue", queue)).status_code == HTTPStatus.NOT_FOUND
    for url, data in [
        (_url("manage_settings", queue), _settings(days=9)),
        (_url("manage_members", queue), {"member-email": world.student_a2.email}),
        (_url("manage_member_remove", queue, world.staff_a1.pk), {}),
        (_url("manage_canned", queue), {"canned-title": "T", "canned-body": "B"}),
        (
            _url("manage_canned_edit", queue, reply.pk),
            {f"canned-{reply.pk}-title": "T", f"canned-{reply.pk}-body": "B"},
        ),
        (_url("manage_canned_delete", queue, reply.pk), {}),
        (_url("manage_topics", queue), {"topic-topic": Topic.RESEARCH, "topic-name": "Research"}),
    ]:
        assert client.post(url, data).status_code == HTTPStatus.NOT_FOUND, url
    assert _state() == before


@pytest.mark.parametrize("name", ["coordinator_a1", "office_b", "staff_a1"])
def test_only_the_alliance_office_manages_the_central_queue(client, world, name):
    before = _state()
    client.force_login(getattr(world, name))
    queue = world.central_a.pk
    assert client.get(_url("manage_queue", queue)).status_code == HTTPStatus.NOT_FOUND
    response = client.post(_url("manage_settings", queue), _settings(name="Hijacked", days=9))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert _state() == before


def test_central_office_updates_its_central_queue(client, world):
    client.force_login(world.office_a)
    page = client.get(_url("manage_queue", world.central_a.pk))
    assert page.status_code == HTTPStatus.OK
    assert page.context["topic_form"] is None
    assert 'id="topics"' not in page.content.decode()
    response = client.post(
        _url("manage_settings", world.central_a.pk),
        _settings(name="A office", email="Office@ALLA.example", days=5),
    )
    assert response.status_code == HTTPStatus.FOUND
    world.central_a.refresh_from_db()
    assert (
        world.central_a.name,
        world.central_a.contact_email,
        world.central_a.first_response_target_days,
    ) == (
        "A office",
        "office@alla.example",
        5,
    )
    response = client.post(
        _url("manage_members", world.central_a.pk), {"member-email": world.student_a2.email}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert QueueMembership.objects.filter(queue=world.central_a, user=world.student_a2).exists()


# The page and its actions, for a1's coordinator.


def test_manage_page_shows_settings_members_canned_replies_and_topic_form(client, world):
    _canned(world, title="Welcome")
    client.force_login(world.coordinator_a1)
    response = client.get(_url("manage_queue", world.queue_a1.pk))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for text in ("staff@a1.example", "coordinator@a1.example", "Welcome", 'id="topics"'):
        assert text in page
    assert response.context["topic_form"].has_free_topics


def test_coordinator_updates_the_response_target(client, world):
    client.force_login(world.coordinator_a1)
    response = client.post(_url("manage_settings", world.queue_a1.pk), _settings(days=7))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == _url("manage_queue", world.queue_a1.pk) + "#settings"
    world.queue_a1.refresh_from_db()
    assert world.queue_a1.first_response_target_days == 7
    [message] = client.get(response.url).context["messages"]
    assert str(message) == "The queue's settings have been saved."


@pytest.mark.parametrize("days", [0, 31, "soon"])
def test_response_target_outside_1_to_30_is_refused(client, world, days):
    before = _state()
    client.force_login(world.coordinator_a1)
    response = client.post(_url("manage_settings", world.queue_a1.pk), _settings(days=days))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["settings_form"].has_error("first_response_target_days")
    assert _state() == before


def test_coordinator_adds_a_member_by_email(client, world):
    client.force_login(world.coordinator_a1)
    response = client.post(_url("manage_members", world.queue_a1.pk), {"member-email": "Student@A1.example"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.endswith("#members")
    assert QueueMembership.objects.filter(queue=world.queue_a1, user=world.student_a1).exists()


@pytest.mark.parametrize(
    ("email", "code"),
    [
        ("nobody@a1.example", "no_active_account"),
        ("inactive@a1.example", "no_active_account"),
        ("staff@a1.example", "already_member"),
        ("not an address", "invalid"),
    ],
)
def test_adding_a_member_who_cannot_be_added_is_refused(client, world, email, code):
    UserFactory(email="inactive@a1.example", is_active=False)
    before = _state()
    client.force_login(world.coordinator_a1)
    response = client.post(_url("manage_members", world.queue_a1.pk), {"member-email": email})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["member_form"].has_error("email", code)
    assert response.context["has_errors"]
    assert _state() == before


def test_unknown_inactive_and_other_universities_addresses_get_the_same_answer(client, world):
    UserFactory(email="inactive@a1.example", is_active=False)
    before = _state()
    client.force_login(world.coordinator_a1)
    emails = ("nobody@a1.example", "inactive@a1.example", "student@a2.example", "student@b1.example")
    errors = [
        client.post(_url("manage_members", world.queue_a1.pk), {"member-email": email})
        .context["member_form"]
        .errors["email"]
        for email in (*emails, world.outsider.email)
    ]
    assert all(
        error == ["Nobody who can join this queue has an account with this address."] for error in errors
    )
    assert _state() == before


def test_the_central_office_may_join_any_queue_of_its_alliance(world):
    assert queue_member_add(queue=world.queue_a1, user_email=world.office_a.email, by=world.coordinator_a1)
    with pytest.raises(ValidationError):
        queue_member_add(queue=world.queue_a1, user_email=world.office_b.email, by=world.coordinator_a1)


def test_the_person_added_to_a_queue_is_told(client, world):
    client.force_login(world.coordinator_a1)
    client.post(_url("manage_members", world.queue_a1.pk), {"member-email": world.student_a1.email})
    told = Notification.objects.get(recipient=world.student_a1, event="queue.member_added")
    assert "a1 queue" in told.subject
    assert str(world.coordinator_a1) in told.body_text


def test_coordinator_removes_a_member(client, world):
    client.force_login(world.coordinator_a1)
    response = client.post(_url("manage_member_remove", world.queue_a1.pk, world.staff_a1.pk))
    assert response.status_code == HTTPStatus.FOUND
    assert not QueueMembership.objects.filter(queue=world.queue_a1, user=world.staff_a1).exists()
    assert QueueMembership.objects.filter(queue=world.queue_a1, user=world.coordinator_a1).exists()


def test_removing_someone_who_is_not_a_member_is_404(client, world):
    before = _state()
    client.force_login(world.coordinator_a1)
    response = client.post(_url("manage_member_remove", world.queue_a1.pk, world.student_a2.pk))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert _state() == before


def test_removed_member_no_longer_holds_the_queues_active_enquiries(world):
    enquiry = enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="S", message="M")
    assert enquiry.queue == world.queue_a1
    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.coordinator_a1)
    queue_member_remove(queue=world.queue_a1, user=world.staff_a1, by=world.coordinator_a1)
    enquiry.refresh_from_db()
    assert (enquiry.assignee, enquiry.status) == (None, Enquiry.Status.NEW)


def test_removed_coordinator_keeps_the_enquiries_they_still_handle_by_role(world):
    enquiry = enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="S", message="M")
    enquiry_assign(enquiry=enquiry, assignee=world.coordinator_a1, by=world.coordinator_a1)
    queue_member_remove(queue=world.queue_a1, user=world.coordinator_a1, by=world.coordinator_a1)
    enquiry.refresh_from_db()
    assert enquiry.assignee == world.coordinator_a1


def test_coordinator_creates_a_topic_queue_once_per_topic(client, world):
    Queue.objects.filter(pk=world.queue_a1.pk).update(
        first_response_target_days=5, contact_email="mobility@a1.example"
    )
    client.force_login(world.coordinator_a1)
    url = _url("manage_topics", world.queue_a1.pk)
    data = {"topic-topic": Topic.RESEARCH, "topic-name": "a1 research"}
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    created = Queue.objects.get(university=world.a1, topic=Topic.RESEARCH)
    assert (created.name, created.alliance, created.first_response_target_days, created.contact_email) == (
        "a1 research",
        world.alliance_a,
        5,
        "mobility@a1.example",
    )
    before = _state()
    response = client.post(url, {"topic-topic": Topic.RESEARCH, "topic-name": "a1 research again"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["topic_form"].has_error("topic")
    assert _state() == before
    # The new queue is managed like any other, but topic queues are created from the default queue.
    assert client.get(_url("manage_queue", created.pk)).status_code == HTTPStatus.OK
    response = client.post(
        _url("manage_topics", created.pk), {"topic-topic": Topic.EVENTS, "topic-name": "E"}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert _state() == before


def test_topic_queue_needs_a_topic_and_a_name(client, world):
    before = _state()
    client.force_login(world.coordinator_a1)
    response = client.post(_url("manage_topics", world.queue_a1.pk), {"topic-topic": "", "topic-name": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    form = response.context["topic_form"]
    assert form.has_error("topic", "required")
    assert form.has_error("name", "required")
    assert _state() == before


def test_coordinator_adds_edits_and_deletes_a_canned_reply(client, world):
    client.force_login(world.coordinator_a1)
    queue = world.queue_a1.pk
    response = client.post(_url("manage_canned", queue), {"canned-title": "Welcome", "canned-body": "Hello."})
    assert response.status_code == HTTPStatus.FOUND
    reply = CannedReply.objects.get(queue=world.queue_a1)
    assert (reply.title, reply.body) == ("Welcome", "Hello.")

    response = client.post(
        _url("manage_canned_edit", queue, reply.pk),
        {f"canned-{reply.pk}-title": "Welcome back", f"canned-{reply.pk}-body": "Hello again."},
    )
    assert response.status_code == HTTPStatus.FOUND
    reply.refresh_from_db()
    assert (reply.title, reply.body) == ("Welcome back", "Hello again.")

    before = _state()
    response = client.post(
        _url("manage_canned_edit", queue, reply.pk),
        {f"canned-{reply.pk}-title": "", f"canned-{reply.pk}-body": "Text"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    edited = {r.pk: form for r, form in response.context["replies"]}[reply.pk]
    assert edited.has_error("title", "required")
    assert '<details class="mb-2" open>' in response.content.decode()
    assert _state() == before

    response = client.post(_url("manage_canned_delete", queue, reply.pk))
    assert response.status_code == HTTPStatus.FOUND
    assert not CannedReply.objects.filter(pk=reply.pk).exists()


def test_empty_canned_reply_is_refused(client, world):
    before = _state()
    client.force_login(world.coordinator_a1)
    response = client.post(_url("manage_canned", world.queue_a1.pk), {"canned-title": "", "canned-body": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["canned_form"].has_error("body", "required")
    assert _state() == before


def test_canned_reply_of_another_queue_is_404_through_a_managed_queue(client, world):
    foreign = _canned(world, queue=world.queue_a2)
    before = _state()
    client.force_login(world.coordinator_a1)
    queue = world.queue_a1.pk
    data = {f"canned-{foreign.pk}-title": "T", f"canned-{foreign.pk}-body": "B"}
    assert (
        client.post(_url("manage_canned_edit", queue, foreign.pk), data).status_code == HTTPStatus.NOT_FOUND
    )
    assert client.post(_url("manage_canned_delete", queue, foreign.pk)).status_code == HTTPStatus.NOT_FOUND
    assert _state() == before


def test_post_endpoints_refuse_get(client, world):
    client.force_login(world.coordinator_a1)
    response = client.get(_url("manage_settings", world.queue_a1.pk))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


# Services.


@pytest.mark.parametrize("name", ["coordinator_a2", "staff_a1", "student_a1", "office_a", "office_b"])
def test_services_refuse_people_who_do_not_manage_the_queue(world, name):
    by = getattr(world, name)
    reply = _canned(world)
    before = _state()
    calls = [
        lambda: queue_update(
            queue=world.queue_a1, by=by, name="X", contact_email="", first_response_target_days=9
        ),
        lambda: queue_member_add(queue=world.queue_a1, user_email=world.student_a2.email, by=by),
        lambda: queue_member_remove(queue=world.queue_a1, user=world.staff_a1, by=by),
        lambda: topic_queue_create(university=world.a1, topic=Topic.RESEARCH, name="R", by=by),
        lambda: canned_reply_save(queue=world.queue_a1, by=by, title="T", body="B"),
        lambda: canned_reply_save(queue=world.queue_a1, by=by, title="T", body="B", canned_reply=reply),
        lambda: canned_reply_delete(canned_reply=reply, by=by),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _state() == before


def test_coordinator_cannot_manage_the_central_queue_through_the_services(world):
    before = _state()
    with pytest.raises(PermissionDenied):
        queue_update(
            queue=world.central_a,
            by=world.coordinator_a1,
            name="X",
            contact_email="",
            first_response_target_days=9,
        )
    with pytest.raises(PermissionDenied):
        queue_member_add(queue=world.central_a, user_email=world.student_a2.email, by=world.coordinator_a1)
    assert _state() == before


def test_canned_reply_cannot_be_moved_through_another_queue(world):
    foreign = _canned(world, queue=world.queue_a2)
    with pytest.raises(PermissionDenied):
        canned_reply_save(
            queue=world.queue_a1, by=world.coordinator_a1, title="T", body="B", canned_reply=foreign
        )
    foreign.refresh_from_db()
    assert (foreign.queue, foreign.title) == (world.queue_a2, "Welcome")


@pytest.mark.parametrize("days", [0, 31])
def test_queue_update_validates_the_target(world, days):
    with pytest.raises(ValidationError) as error:
        queue_update(
            queue=world.queue_a1,
            by=world.coordinator_a1,
            name="a1 queue",
            contact_email="",
            first_response_target_days=days,
        )
    assert "first_response_target_days" in error.value.error_dict
    world.queue_a1.refresh_from_db()
    assert world.queue_a1.first_response_target_days == 3


def test_queue_member_add_gives_one_answer_for_unknown_and_inactive_people(world):
    UserFactory(email="inactive@a1.example", is_active=False)
    for email in ("nobody@a1.example", "inactive@a1.example"):
        with pytest.raises(ValidationError) as error:
            queue_member_add(queue=world.queue_a1, user_email=email, by=world.coordinator_a1)
        assert error.value.code == "no_active_account"
    assert queue_member_add(queue=world.queue_a1, user_email=" STUDENT@a1.example ", by=world.coordinator_a1)


def test_queue_member_remove_of_a_non_member_is_refused(world):
    with pytest.raises(ValidationError) as error:
        queue_member_remove(queue=world.queue_a1, user=world.student_a2, by=world.coordinator_a1)
    assert error.value.code == "not_member"


def test_topic_queue_create_refuses_a_taken_or_unknown_topic(world):
    topic_queue_create(university=world.a1, topic=Topic.EVENTS, name="a1 events", by=world.coordinator_a1)
    for topic, code in [(Topic.EVENTS, "topic_taken"), ("", "invalid_topic"), ("gardening", "invalid_topic")]:
        with pytest.raises(ValidationError) as error:
            topic_queue_create(university=world.a1, topic=topic, name="again", by=world.coordinator_a1)
        assert error.value.code == code
    assert Queue.objects.filter(university=world.a1).count() == 2


def test_canned_reply_save_and_delete(world):
    reply = canned_reply_save(queue=world.queue_a1, by=world.coordinator_a1, title=" Hi ", body=" Hello. ")
    assert (reply.queue, reply.title, reply.body) == (world.queue_a1, "Hi", "Hello.")
    reply = canned_reply_save(
        queue=world.queue_a1, by=world.coordinator_a1, title="Hi", body="Bye.", canned_reply=reply
    )
    assert CannedReply.objects.get().body == "Bye."
    with pytest.raises(ValidationError):
        canned_reply_save(queue=world.queue_a1, by=world.coordinator_a1, title="", body="B")
    canned_reply_delete(canned_reply=reply, by=world.coordinator_a1)
    assert not CannedReply.objects.exists()
