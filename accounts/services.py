"""Writes about people: the home university rule (SPEC §2.5) and its overrides, their sessions."""

from collections.abc import Mapping
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from institutions.domains import match_email
from institutions.models import University
from institutions.selectors import university_for_email, university_ids_by_domain

from .models import AffiliationOverride, User


def user_refresh_home_university(*, user: User) -> University | None:
    """Recompute ``user``'s home university from their override or verified primary address."""
    override = user.affiliation_overrides.filter(ended_at__isnull=True).select_related("university").first()
    if override is not None:
        university = override.university
    else:
        address = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
        university = university_for_email(address.email) if address else None
    new_id = university.pk if university else None
    if user.home_university_id != new_id:
        user.home_university = university
        user.save(update_fields=["home_university"])
    return university


@transaction.atomic
def affiliation_override_set(
    *, user: User, university: University | None, reason: str, set_by: User
) -> AffiliationOverride:
    """Record that ``user`` belongs to ``university`` (or to none), whatever their address says."""
    _end_active_override(user=user, ended_by=set_by)
    override = AffiliationOverride.objects.create(
        user=user, university=university, reason=reason, created_by=set_by
    )
    user_refresh_home_university(user=user)
    return override


@transaction.atomic
def affiliation_override_end(*, user: User, ended_by: User) -> None:
    """End ``user``'s override so that their e-mail address decides again."""
    _end_active_override(user=user, ended_by=ended_by)
    user_refresh_home_university(user=user)


def _end_active_override(*, user: User, ended_by: User) -> None:
    AffiliationOverride.objects.select_for_update().filter(user=user, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_by=ended_by
    )


def affiliations_reconcile(*, batch_size: int = 2000) -> int:
    """Bring every stored home university in line with the rule; return how many changed.

    Needed after a university's e-mail domains change. Works in primary-key batches so
    memory stays bounded whatever the number of people.
    """
    owners: Mapping[str, int] = university_ids_by_domain()
    changed = 0
    last_pk = 0
    while True:
        users = list(
            User.objects.filter(pk__gt=last_pk).order_by("pk").only("pk", "home_university_id")[:batch_size]
        )
        if not users:
            return changed
        last_pk = users[-1].pk
        ids = [u.pk for u in users]
        emails = dict(
            EmailAddress.objects.filter(user_id__in=ids, primary=True, verified=True).values_list(
                "user_id", "email"
            )
        )
        overrides = dict(
            AffiliationOverride.objects.filter(user_id__in=ids, ended_at__isnull=True).values_list(
                "user_id", "university_id"
            )
        )
        stale = []
        for user in users:
            if user.pk in overrides:
                university_id = overrides[user.pk]
            else:
                university_id = match_email(emails.get(user.pk, ""), owners)
            if user.home_university_id != university_id:
                user.home_university_id = university_id
                stale.append(user)
        User.objects.bulk_update(stale, ["home_university"])
        changed += len(stale)


def sessions_end(*, user: User, keep: str | None = None) -> int:
    """Sign ``user`` out of every session but ``keep`` (a session key); return how many ended."""
    ended = 0
    for session in UserSession.objects.filter(user=user).exclude(session_key=keep or ""):
        session.end()
        ended += 1
    return ended


def sessions_clear_expired() -> None:
    """Delete expired sessions, and the records of sessions that no longer exist."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        UserSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()
