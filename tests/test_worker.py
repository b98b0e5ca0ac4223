"""A real Celery worker process receives the app's tasks through the configured broker."""

import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from accounts.tasks import affiliations_reconcile
from mobility.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.institutions.factories import UniversityFactory


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_process_applies_a_new_university_domain_to_existing_people(celery_isolation, tmp_path):
    if os.environ.get("REDIS_URL"):
        assert celery_app.conf.broker_url == settings.REDIS_URL
    person = UserFactory(email="ana@students.newcomer.example")
    newcomer = UniversityFactory(slug="newcomer", domain="newcomer.example")
    assert person.home_university is None

    env = os.environ | {"DATABASE_URL": _database_url()}
    if celery_isolation is not None:
        env["MOBILITY_VAR_DIR"] = str(celery_isolation)
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "mobility",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "info",
                "--queues",
                celery_app.conf.task_default_queue,
                "--without-mingle",
                "--without-gossip",
                "--hostname",
                f"test-{os.getpid()}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        affiliations_reconcile.delay()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            person.refresh_from_db()
            if person.home_university_id == newcomer.pk:
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    assert person.home_university_id == newcomer.pk, log.read_text()
    assert "affiliations_reconcile" in log.read_text()
