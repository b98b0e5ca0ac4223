"""Writes about people: the home university rule, its overrides and identity providers, their sessions.

The home university is, in this order: a site administrator's override; the member university
that the person's identity provider named at their last sign-in through it; the university
whose e-mail domain matches their verified primary address. Every change is recorded with
what decided it (``HomeUniversityChange``).
"""

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

from .identity import Statement
from .models import AffiliationOverride, HomeUniversityChange, IdentityProvider, UniversityIdentity, User

Source = HomeUniversityChange.Source


def _home_university_of(user: User) -> tuple[University | None, str]:
    override = user.affiliation_overrides.filter(ended_at__isnull=True).select_related("university").first()
    if override is not None:
        return override.university, Source.OVERRIDE
    stated = (
        UniversityIdentity.objects.filter(user=user, home_university__isnull=False)
        .select_related("home_university")
        .first()
    )
    if stated is not None:
        return stated.home_university, Source.IDENTITY_PROVIDER
    address = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
    university = university_for_email(address.email) if address else None
    return university, Source.EMAIL if university else Source.NONE


def user_refresh_home_university(*, user: User) -> University | None:
    """Recompute ``user``'s home university by the rule; record the change, if any, with its source."""
    university, source = _home_university_of(user)
    new_id = university.pk if university else None
    if user.home_university_id != new_id:
        user.home_university = university
        user.save(update_fields=["home_university"])
        HomeUniversityChange.objects.create(user=user, university=university, source=source)
    return university


@transaction.atomic
def identity_record(*, user: User, statement: Statement) -> UniversityIdentity:
    """Keep what ``user``'s identity provider said at this sign-in, and apply it to their home university."""
    identity, _created = UniversityIdentity.objects.update_or_create(
        user=user,
        defaults={
            "provider": statement.provider,
            "home_organization": statement.home_organization,
            "home_university": statement.home_university,
            "affiliations": statement.affiliations,
            "european_student_identifier": statement.european_student_identifier,
            "asserted_at": timezone.now(),
        },
    )
    user_refresh_home_university(user=user)
    return identity


@transaction.atomic
def identity_forget(*, user: User, provider: str) -> None:
    """Forget what ``provider`` said about ``user`` (they unlinked it); the rule decides again."""
    UniversityIdentity.objects.filter(user=user, provider=provider).delete()
    user_refresh_home_university(user=user)


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
        stated = dict(
            UniversityIdentity.objects.filter(user_id__in=ids, home_university__isnull=False).values_list(
                "user_id", "home_university_id"
            )
        )
        stale, changes = [], []
        for user in users:
            if user.pk in overrides:
                university_id, source = overrides[user.pk], Source.OVERRIDE
            elif user.pk in stated:
                university_id, source = stated[user.pk], Source.IDENTITY_PROVIDER
            else:
                university_id = match_email(emails.get(user.pk, ""), owners)
                source = Source.EMAIL if university_id else Source.NONE
            if user.home_university_id != university_id:
                user.home_university_id = university_id
                stale.append(user)
                changes.append(HomeUniversityChange(user=user, university_id=university_id, source=source))
        User.objects.bulk_update(stale, ["home_university"])
        HomeUniversityChange.objects.bulk_create(changes)
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


@transaction.atomic
def identity_provider_save(
    *,
    university: University,
    entity_id: str,
    metadata_url: str = "",
    metadata_xml: str = "",
    enabled: bool = True,
) -> tuple[IdentityProvider, bool]:
    """Set ``university``'s SAML identity provider (checked as the admin checks it); True if it is new."""
    provider = IdentityProvider.objects.filter(university=university).first()
    created = provider is None
    provider = provider or IdentityProvider(university=university)
    provider.entity_id = entity_id
    provider.metadata_url = metadata_url
    provider.metadata_xml = metadata_xml
    provider.enabled = enabled
    provider.full_clean()
    provider.save()
    return provider, created
