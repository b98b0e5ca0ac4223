"""A real worker delivers the outbox to a real SMTP server: each mail once, in its recipient's language."""

import datetime as dt
import re
import shutil
import signal
import subprocess
import time
from collections import Counter

import pytest
import redis
from django.conf import settings
from django.utils import timezone, translation

from enquiries.models import Enquiry, Queue, QueueMembership
from enquiries.services import enquiry_submit
from mobility.celery import app as celery_app
from notifications.models import Notification
from notifications.services import notifications_sweep
from tests.accounts.factories import UserFactory
from tests.celery_worker import celery_worker
from tests.institutions.factories import AllianceFactory
from tests.notifications.conftest import free_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
Status = Notification.EmailStatus
DELIVERED = re.compile(r"Task notifications\.deliver\[[^\]]+\] succeeded")
RECEIVED = re.compile(r"Task notifications\.deliver\[[^\]]+\] received")


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


def _wait_until_idle(log, timeout: float = 60) -> None:
    """Wait until the broker is empty and the worker has finished every task it took."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text()
        if _in_broker() == 0 and len(RECEIVED.findall(text)) == len(DELIVERED.findall(text)):
            time.sleep(1)  # and stays so
            text = log.read_text()
            if _in_broker() == 0 and len(RECEIVED.findall(text)) == len(DELIVERED.findall(text)):
                return
        time.sleep(0.2)


def _sweep_after_grace() -> int:
    grace = dt.timedelta(minutes=2)
    return notifications_sweep(now=timezone.now() + grace + dt.timedelta(seconds=1), grace=grace)


def _each_received_once(smtp_server, expected: int) -> None:
    by_id = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert len(by_id) == expected
    assert set(by_id.values()) == {1}
    assert not Notification.objects.exclude(email_status=Status.SENT).exists()


def test_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    celery_isolation, smtp_server, tmp_path
):
    people = People()
    for number in range(4):
        people.submit(f"Batch {number}")  # twelve mails wait in the broker
    first_log = tmp_path / "first.log"
    with celery_worker(celery_isolation, first_log, **_worker_env(smtp_server)) as worker:

        def kill_while_the_fifth_is_on_the_wire() -> str | None:
            if len(smtp_server.messages) < 4:
                return None
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=20)
            return "451 Sender gone"

        smtp_server.before_accept = kill_while_the_fifth_is_on_the_wire
        worker.wait(timeout=60)
    smtp_server.before_accept = None

    assert worker.returncode == -signal.SIGKILL, first_log.read_text()
    assert len(smtp_server.messages) == 4
    assert Notification.objects.filter(email_status=Status.SENT).count() == 4
    assert Notification.objects.filter(email_status=Status.PENDING).count() == 8

    second_log = tmp_path / "second.log"
    with celery_worker(celery_isolation, second_log, **_worker_env(smtp_server)):
        assert _sweep_after_grace() == 8  # what the killed worker held is handed over again
        smtp_server.wait_for(12)
        _wait_until_idle(second_log)

    _each_received_once(smtp_server, 12)


@pytest.fixture
def private_redis(celery_isolation):
    """A Redis server of this test's own, which the test may stop and start again."""
    binary = shutil.which("redis-server")
    if not settings.REDIS_URL or binary is None:
        pytest.skip("needs Redis (REDIS_URL and redis-server)")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]

    class Server:
        process: subprocess.Popen

        def start(self) -> None:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            client = redis.Redis.from_url(url)
            deadline = time.monotonic() + 20
            while True:
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)

        def stop(self) -> None:
            self.process.terminate()
            self.process.wait(timeout=20)

    server = Server()
    server.url = url
    server.start()
    conf = celery_app.conf
    shared_url = conf.broker_url
    conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield server
    finally:
        conf.broker_url = shared_url
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        server.stop()


def test_redis_stopped_during_submissions_loses_no_mail_and_duplicates_none(
    private_redis, smtp_server, tmp_path
):
    people = People()
    for number in range(2):
        people.submit(f"Before {number}")  # handed to Redis, which then loses them
    private_redis.stop()
    for number in range(2):
        people.submit(f"During {number}")  # Redis is down: the enquiry is kept, the mail waits
    assert Enquiry.objects.count() == 4
    assert Notification.objects.filter(email_status=Status.PENDING).count() == 12

    private_redis.start()  # empty: it kept nothing on disk
    log = tmp_path / "worker.log"
    with celery_worker(None, log, REDIS_URL=private_redis.url, **_worker_env(smtp_server)):
        assert _sweep_after_grace() == 12
        smtp_server.wait_for(12)
        _wait_until_idle(log)

    _each_received_once(smtp_server, 12)
