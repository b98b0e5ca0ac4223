"""Expired sessions are deleted daily, with the records of where people were signed in."""

import datetime as dt

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts import tasks
from mobility.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.accounts.sessions import sign_in

pytestmark = pytest.mark.django_db


def test_expired_sessions_and_their_records_are_cleared_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["accounts-sessions-clear"]
    assert entry["task"] == tasks.sessions_clear.name
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == 24 * 60 * 60
    UserFactory(email="ana@elsewhere.example")
    UserFactory(email="ben@elsewhere.example")
    old, current = Client(), Client()
    sign_in(old, "ana@elsewhere.example")
    sign_in(current, "ben@elsewhere.example")
    assert UserSession.objects.count() == 2
    Session.objects.filter(session_key=old.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )

    tasks.sessions_clear()

    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session.session_key]
    assert list(UserSession.objects.values_list("user__email", flat=True)) == ["ben@elsewhere.example"]
