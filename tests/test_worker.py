"""A real Celery worker process receives the app's tasks through the configured broker."""

import os
import time

import pytest
from django.conf import settings

from accounts.tasks import affiliations_reconcile
from mobility.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.celery_worker import celery_worker
from tests.institutions.factories import UniversityFactory


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_process_applies_a_new_university_domain_to_existing_people(celery_isolation, tmp_path):
    if os.environ.get("REDIS_URL"):
        assert celery_app.conf.broker_url == settings.REDIS_URL
    person = UserFactory(email="ana@students.newcomer.example")
    newcomer = UniversityFactory(slug="newcomer", domain="newcomer.example")
    assert person.home_university is None

    log = tmp_path / "worker.log"
    with celery_worker(celery_isolation, log) as worker:
        affiliations_reconcile.delay()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            person.refresh_from_db()
            if person.home_university_id == newcomer.pk:
                break
            time.sleep(0.2)

    assert person.home_university_id == newcomer.pk, log.read_text()
    assert "affiliations_reconcile" in log.read_text()
