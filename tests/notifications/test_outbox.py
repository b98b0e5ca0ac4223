"""Writing to the outbox: one notification with ``notify``, many at once with ``notify_all``."""

import pytest

from notifications import services
from notifications.models import Category, Delivery, Notification, Preference
from notifications.services import Notice, notify, notify_all
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Notification.EmailStatus


def _notice(user, key: str, category: str = Category.MY_ENQUIRIES) -> Notice:
    return Notice(
        recipient=user,
        category=category,
        event="test",
        dedup_key=key,
        template="notifications/email/digest",
        context={"items": [], "day": None},
        link="/notifications/",
    )


def _arguments(notice: Notice) -> dict:
    return {name: getattr(notice, name) for name in Notice.__slots__}


def test_notify_all_writes_what_notify_would_write_one_by_one():
    ana, ben = UserFactory(language="fr"), UserFactory(language="en")
    Preference.objects.create(user=ben, category=Category.MY_ENQUIRIES, delivery=Delivery.DIGEST)
    one = notify(**_arguments(_notice(ana, "single")))

    assert notify_all([_notice(ana, "ana"), _notice(ben, "ben")]) == 2

    batch = Notification.objects.get(dedup_key="ana")
    assert (batch.language, batch.subject, batch.body_text, batch.body_html, batch.email_status) == (
        one.language,
        one.subject,
        one.body_text,
        one.body_html,
        one.email_status,
    )
    assert batch.email_status == Status.PENDING
    assert Notification.objects.get(dedup_key="ben").email_status == Status.DIGEST


def test_notify_all_skips_taken_keys_inactive_people_and_repeats():
    ana, gone = UserFactory(), UserFactory(is_active=False)
    notify_all([_notice(ana, "taken")])

    written = notify_all(
        [_notice(ana, "taken"), _notice(gone, "gone"), _notice(ana, "new"), _notice(ana, "new")]
    )

    assert written == 1
    assert sorted(Notification.objects.values_list("dedup_key", flat=True)) == ["new", "taken"]


def test_notify_all_hands_pending_mail_to_the_broker_after_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    handed: list[int] = []
    monkeypatch.setattr("notifications.services.enqueue", handed.append)
    ana, ben = UserFactory(), UserFactory()
    Preference.objects.create(user=ben, category=Category.MY_ENQUIRIES, delivery=Delivery.IN_APP)

    with django_capture_on_commit_callbacks(execute=True):
        notify_all([_notice(ana, "ana"), _notice(ben, "ben")])

    assert handed == [Notification.objects.get(dedup_key="ana").pk]


def test_notify_all_takes_three_queries_whatever_the_number(django_assert_num_queries):
    people = UserFactory.create_batch(30)
    Preference.objects.create(user=people[0], category=Category.MY_ENQUIRIES, delivery=Delivery.DIGEST)

    # keys taken, preferences, savepoint + insert + release
    with django_assert_num_queries(5):
        assert notify_all([_notice(person, f"n{person.pk}") for person in people]) == 30


def test_a_key_taken_meanwhile_costs_only_that_notification(monkeypatch):
    """Another pass writes one of the keys after the check, before the insert: the rest still go."""
    ana = UserFactory()
    render = services._render

    def render_while_another_pass_writes_b(notice, delivery):
        if notice.dedup_key == "a":
            Notification.objects.create(**{**_row(ana), "dedup_key": "b"})
        return render(notice, delivery)

    monkeypatch.setattr(services, "_render", render_while_another_pass_writes_b)

    assert notify_all([_notice(ana, "a"), _notice(ana, "b"), _notice(ana, "c")]) == 2
    assert Notification.objects.get(dedup_key="b").subject == "s"
    assert sorted(Notification.objects.values_list("dedup_key", flat=True)) == ["a", "b", "c"]


def _row(user) -> dict:
    return {
        "recipient": user,
        "category": Category.MY_ENQUIRIES,
        "event": "test",
        "language": "en",
        "subject": "s",
        "body_text": "t",
        "email_status": Status.IN_APP,
    }
