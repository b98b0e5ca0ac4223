"""A real worker delivers the outbox to a real SMTP server: each mail once, in its recipient's language."""

import datetime as dt
import re
import time
from collections import Counter

import pytest
from django.utils import timezone, translation

from enquiries.models import Enquiry, Queue, QueueMembership
from enquiries.services import enquiry_submit
from mobility.celery import app as celery_app
from notifications.models import Notification
from notifications.services import notifications_sweep
from tests.accounts.factories import UserFactory
from tests.celery_worker import celery_worker
from tests.institutions.factories import AllianceFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
Status = Notification.EmailStatus
DELIVERED = re.compile(r"Task notifications\.deliver\[[^\]]+\] succeeded")


class People:
    def __init__(self) -> None:
        self.alliance = AllianceFactory(code="ALLW", slug="allw")
        queue = Queue.objects.create(alliance=self.alliance, name="W central office")
        self.english = UserFactory(email="office-en@allw.example", language="en")
        self.french = UserFactory(email="office-fr@allw.example", language="fr")
        for member in (self.english, self.french):
            QueueMembership.objects.create(queue=queue, user=member)
        self.requester = UserFactory(email="requester@elsewhere.example", language="fr")

    def submit(self, subject: str = "Learning agreement") -> Enquiry:
        return enquiry_submit(requester=self.requester, alliance=self.alliance, subject=subject, message="M")


def _worker_env(smtp_server) -> dict[str, str]:
    return {"EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}"}


def _wait_for_tasks(log, count: int, timeout: float = 60) -> None:
    """Wait until the worker has finished ``count`` delivery tasks (every message the broker held)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(DELIVERED.findall(log.read_text())) < count:
        time.sleep(0.2)


def test_worker_sends_each_person_one_mail_in_their_language(celery_isolation, smtp_server, tmp_path):
    people = People()
    log = tmp_path / "worker.log"

    with celery_worker(celery_isolation, log, **_worker_env(smtp_server)):
        enquiry = people.submit()
        smtp_server.wait_for(3)
        _wait_for_tasks(log, 3)

    messages = smtp_server.messages
    assert len(messages) == 3, log.read_text()
    by_recipient = {m["To"]: m for m in messages}
    assert set(by_recipient) == {people.requester.email, people.english.email, people.french.email}
    for notification in Notification.objects.filter(object_key=f"enquiry:{enquiry.pk}").select_related(
        "recipient"
    ):
        message = by_recipient[notification.recipient.email]
        assert notification.email_status == Status.SENT
        assert notification.language == notification.recipient.language
        assert message["Content-Language"] == notification.language
        # A non-ASCII subject travels RFC 2047-encoded; decoding may leave folding whitespace.
        assert " ".join(str(message["Subject"]).split()) == notification.subject
        assert enquiry.reference in message["Subject"]
    with translation.override("fr"):
        french_date_line = translation.gettext("You can expect a first answer by %(date)s.").split("%")[0]
    acknowledgement = by_recipient[people.requester.email].get_body(("plain",)).get_content()
    assert french_date_line.startswith("Vous")
    assert french_date_line in acknowledgement


def _purge_broker() -> int:
    """Drop every message of this run's queue, as a broker that lost them would; return how many."""
    with celery_app.connection_for_write() as connection:
        return connection.default_channel.queue_purge(celery_app.conf.task_default_queue)


def _in_broker() -> int:
    with celery_app.connection_for_write() as connection:
        return connection.default_channel.queue_declare(
            queue=celery_app.conf.task_default_queue
        ).message_count


def test_sweep_recovers_lost_hand_overs_and_nothing_is_sent_twice(celery_isolation, smtp_server, tmp_path):
    people = People()
    for number in range(3):
        people.submit(f"Lost {number}")
    assert _purge_broker() == 9
    for number in range(2):
        people.submit(f"Held {number}")  # these wait in the broker for a worker
    assert Notification.objects.filter(email_status=Status.PENDING).count() == 15

    grace = dt.timedelta(minutes=2)
    assert notifications_sweep(now=timezone.now() + grace + dt.timedelta(seconds=1), grace=grace) == 15
    assert _in_broker() == 15 + 6  # the held ones are now there twice
    log = tmp_path / "worker.log"
    with celery_worker(celery_isolation, log, **_worker_env(smtp_server)):
        smtp_server.wait_for(15)
        _wait_for_tasks(log, 15 + 6)

    assert _in_broker() == 0, log.read_text()
    received = Counter((m["To"], m["Subject"]) for m in smtp_server.messages)
    assert len(received) == 15, log.read_text()
    assert set(received.values()) == {1}
    assert not Notification.objects.exclude(email_status=Status.SENT).exists()
