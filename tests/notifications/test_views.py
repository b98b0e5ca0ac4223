import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Category, Delivery, Notification, Preference
from notifications.services import notify
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notification(user, key="n1", link="/opportunities/"):
    return notify(
        recipient=user, category=Category.MY_ENQUIRIES, event="test", dedup_key=key,
        template="notifications/email/digest", context={"items": [], "day": None}, link=link,
    )  # fmt: skip


def test_bell_shows_the_unread_count(client):
    user = UserFactory()
    _notification(user, "a")
    _notification(user, "b")
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert 'id="unread-count">2<' in body


def test_bell_shows_99_plus_beyond_99_unread_notifications(client):
    user = UserFactory()
    for n in range(100):
        _notification(user, f"n{n}")
    client.force_login(user)
    assert 'id="unread-count">99+<' in client.get(reverse("home")).content.decode()
    Notification.objects.filter(recipient=user, dedup_key="n0").update(read_at=timezone.now())
    assert 'id="unread-count">99<' in client.get(reverse("home")).content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client):
    user = UserFactory()
    notification = _notification(user, link="/opportunities/saved/")
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.url == "/opportunities/saved/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_someone_else_s_notification(client):
    notification = _notification(UserFactory())
    client.force_login(UserFactory())
    assert (
        client.post(reverse("notifications:open", args=[notification.pk])).status_code == HTTPStatus.NOT_FOUND
    )
    assert client.get(reverse("notifications:index")).context["page"].paginator.count == 0


def test_mark_all_read(client):
    user = UserFactory()
    _notification(user, "a")
    _notification(user, "b")
    client.force_login(user)
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.unread().exists()


def test_notification_links_never_lead_off_site(client):
    user = UserFactory()
    notification = _notification(user, link="https://evil.example/")
    client.force_login(user)
    assert client.post(reverse("notifications:open", args=[notification.pk])).url == reverse(
        "notifications:index"
    )


def test_preferences_choose_delivery_per_category(client):
    user = UserFactory()
    client.force_login(user)
    data = {category.value: Delivery.IN_APP for category in Category}
    data[Category.DEADLINE_REMINDERS] = Delivery.DIGEST
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == HTTPStatus.FOUND
    assert Preference.objects.get(user=user, category=Category.DEADLINE_REMINDERS).delivery == Delivery.DIGEST
    assert _notification(user).email_status == Notification.EmailStatus.IN_APP


def test_preferences_refuse_unknown_choices(client):
    client.force_login(UserFactory())
    response = client.post(reverse("notifications:preferences"), {"my-enquiries": "carrier-pigeon"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Preference.objects.exists()


def test_the_same_event_is_notified_once(db):
    user = UserFactory()
    assert _notification(user, "same").pk == _notification(user, "same").pk
    assert Notification.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("index", "preferences"):
        response = client.get(reverse(f"notifications:{name}"))
        assert response.url.startswith(reverse("account_login"))


# Staff whose session has not passed the required second factor


@pytest.fixture
def queue_notice(world, settings):
    """Coordinator a1 is told of a new enquiry by a student whose name is in the subject line."""
    from enquiries.services import enquiry_submit

    settings.MFA_REQUIRED_FOR_STAFF = True
    world.student_a1.display_name = "Ilse Vandermeer"
    world.student_a1.save(update_fields=["display_name"])
    enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Visa for Ilse", message="Help"
    )
    notice = Notification.objects.get(recipient=world.coordinator_a1, category=Category.QUEUE_ACTIVITY)
    assert "Visa for Ilse" in notice.subject
    _notification(world.coordinator_a1, "own")  # about their own affairs: always shown
    return notice


def test_staff_without_the_second_factor_see_that_a_notification_exists_but_not_what_it_says(
    client, world, queue_notice
):
    client.force_login(world.coordinator_a1)

    page = client.get(reverse("notifications:index")).content.decode()

    assert "Visa for Ilse" not in page
    assert "Ilse Vandermeer" not in page
    assert "About an enquiry you handle" in page
    assert reverse("mfa_activate_totp") in page
    assert _notification(world.coordinator_a1, "own").subject in page


def test_staff_export_leaves_out_notifications_about_others_until_the_second_factor(
    client, world, queue_notice
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.accounts.sessions import force_login_with_second_factor

    TOTP.activate(world.coordinator_a1, generate_totp_secret())
    client.force_login(world.coordinator_a1)
    first = client.get(reverse("privacy:export")).json()
    assert "Visa for Ilse" not in json.dumps(first)
    assert first["notifications_withheld_until_second_factor"] == 1
    assert [n["category"] for n in first["notifications"]] == [Category.MY_ENQUIRIES]

    force_login_with_second_factor(client, world.coordinator_a1)
    again = client.get(reverse("privacy:export")).json()
    assert again["notifications_withheld_until_second_factor"] == 0
    assert any("Visa for Ilse" in n["subject"] for n in again["notifications"])
    page = client.get(reverse("notifications:index")).content.decode()
    assert "Visa for Ilse" in page
