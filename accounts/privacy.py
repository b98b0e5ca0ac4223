"""What accounts keeps about a person (profile, addresses, affiliation, roles): its export and erasure."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.db import transaction

from institutions.models import University

from .models import AffiliationOverride, HomeUniversityChange, Role, UniversityIdentity, User
from .redaction import Mentions, redact_rows
from .services import sessions_end


def _university(university: University | None) -> dict[str, str] | None:
    if university is None:
        return None
    return {"name": university.name, "slug": university.slug, "alliance": university.alliance.code}


def _identity(user: User) -> dict[str, Any] | None:
    identity = (
        UniversityIdentity.objects.filter(user=user).select_related("home_university__alliance").first()
    )
    if identity is None:
        return None
    return {
        "signed_in_through": identity.provider,
        "home_organisation": identity.home_organization,
        "home_university": _university(identity.home_university),
        "affiliations": identity.affiliations,
        "european_student_identifier": identity.european_student_identifier,
        "stated_at": identity.asserted_at,
    }


def personal_data(user: User) -> dict[str, Any]:
    """``user``'s profile, addresses, affiliation, roles, second factors, university sign-in and sessions."""
    overrides = user.affiliation_overrides.select_related("university__alliance").order_by("created_at")
    roles = Role.objects.filter(user=user).select_related("alliance", "university__alliance")
    return {
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "home_university": _university(user.home_university),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "site_administrator": user.is_staff,
        },
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "affiliation_overrides": [
            {
                "home_university": _university(override.university),
                "reason": override.reason,
                "set_at": override.created_at,
                "ended_at": override.ended_at,
            }
            for override in overrides
        ],
        "roles": [
            {"role": role.kind, "alliance": role.alliance.code, "university": _university(role.university)}
            for role in roles
        ],
        # Which second factors protect the account, never their secrets.
        "two_factor_authentication": [
            {
                "type": authenticator.type,
                "created_at": authenticator.created_at,
                "last_used_at": authenticator.last_used_at,
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "university_identity": _identity(user),
        "linked_university_accounts": [
            {
                "provider": account.provider,
                "identifier": account.uid,
                "linked_at": account.date_joined,
                "last_sign_in": account.last_login,
                "what_it_said": account.extra_data,
            }
            for account in SocialAccount.objects.filter(user=user).order_by("date_joined")
        ],
        "home_university_changes": [
            {
                "at": change.created_at,
                "home_university": _university(change.university),
                "decided_by": change.source,
            }
            for change in HomeUniversityChange.objects.filter(user=user)
            .select_related("university__alliance")
            .order_by("created_at", "pk")
        ],
        "signed_in_sessions": [
            {"signed_in_at": session.created_at, "address": session.ip, "browser": session.user_agent}
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
    }


@transaction.atomic
def person_erase(*, user: User, mentions: Mentions) -> None:
    """Delete ``user``'s account with its addresses, overrides and roles; redact their name elsewhere.

    Runs last: the other apps have already erased what refers to the account.
    """
    # The admin site's log names the objects it changed (a person by their address).
    redact_rows(LogEntry.objects.all(), ["object_repr", "change_message"], mentions)
    redact_rows(AffiliationOverride.objects.exclude(user=user), ["reason"], mentions)
    EmailAddress.objects.filter(user=user).delete()
    # A session keeps who signed in (allauth's record names the address) until it expires.
    sessions_end(user=user)
    user.delete()
