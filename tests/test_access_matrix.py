"""Role, URL and action: who reaches what (docs/quality.md). A URL missing here fails the suite.

Outcomes: "ok" (the page or action was reached: 200, a redirect elsewhere than sign-in,
or 400 for a form with missing data), "login" (sent to sign in), "404" (nothing there for
you, so references and slugs never leak), "403" (the API's answer to anonymous callers, and
allauth's for a way of signing in that is switched off).
Each request runs in a transaction rolled back afterwards, so every role meets the same state.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from enquiries.models import CannedReply, Enquiry
from enquiries.services import enquiry_submit
from notifications.models import Notification
from opportunities.models import Opportunity
from opportunities.services import calendar_token_for
from tests.accounts.factories import UserFactory
from tests.accounts.saml_idp import FakeUniversityIdP
from tests.accounts.sessions import force_login_with_second_factor
from tests.opportunities.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "requester_a", "requester_b", "outsider", "staff_a", "coordinator_a", "coordinator_b",
    "host_coordinator", "office_same", "office_other", "site_admin",
]  # fmt: skip
SIGNED_IN = [r for r in ROLES if r != "anonymous"]


def everyone(outcome: str = "ok") -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(overrides: dict[str, str] | None = None, default: str = "ok") -> dict[str, str]:
    return {"anonymous": "login", **dict.fromkeys(SIGNED_IN, default), **(overrides or {})}


def only(*roles: str) -> dict[str, str]:
    return signed_in(dict.fromkeys(roles, "ok"), default="404")


ENQUIRY_READERS = ("requester_a", "staff_a", "coordinator_a", "office_same", "host_coordinator")
ENQUIRY_STAFF = ("staff_a", "coordinator_a", "office_same")
QUEUE_WORKERS = (
    "staff_a",
    "coordinator_a",
    "coordinator_b",
    "office_same",
    "office_other",
    "host_coordinator",
)
QUEUE_MANAGERS = ("coordinator_a",)
OPPORTUNITY_MANAGERS = ("coordinator_a", "coordinator_b", "host_coordinator", "office_same", "office_other")
DRAFT_MANAGERS = ("coordinator_a", "office_same")
# Only they have an authenticator to switch off or codes to see, and they sign in with it.
MFA_USERS = (*QUEUE_WORKERS, "site_admin")


@dataclass
class Case:
    method: str
    kwargs: Callable[["Scene"], dict] = field(default=lambda scene: {})
    expect: dict[str, str] = field(default_factory=everyone)
    data: dict = field(default_factory=dict)
    query: str = ""
    path: str = ""  # for a route without a name, which reverse() cannot find


class Scene:
    """Two alliances; an application of requester A (home a1) to an opportunity hosted by a2."""

    def __init__(self, world) -> None:
        self.world = world
        self.people = {
            "requester_a": world.student_a1,
            "requester_b": world.student_a2,
            "outsider": world.outsider,
            "staff_a": world.staff_a1,
            "coordinator_a": world.coordinator_a1,
            "coordinator_b": world.coordinator_b1,
            "host_coordinator": world.coordinator_a2,
            "office_same": world.office_a,
            "office_other": world.office_b,
            "site_admin": UserFactory(email="admin@hub.example", is_staff=True, is_superuser=True),
        }
        from tests.enquiries.test_views import _pdf

        self.enquiry = enquiry_submit(
            requester=world.student_a1, alliance=world.alliance_a, subject="Application", message="Hello",
            kind=Enquiry.Kind.APPLICATION, opportunity=world.opportunity_a2, files=[_pdf()],
        )  # fmt: skip
        self.attachment = self.enquiry.messages.get().attachments.get()
        self.draft = OpportunityFactory(
            host_university=world.a1, slug="a1-draft", status=Opportunity.Status.DRAFT
        )
        self.canned = CannedReply.objects.create(queue=world.queue_a1, title="Hello", body="Hello")
        self.notification = Notification.objects.filter(recipient=world.student_a1).first() or _notification(
            world.student_a1
        )
        self.token = calendar_token_for(user=world.student_a1)
        FakeUniversityIdP("a1").register(world.a1)
        for role in MFA_USERS:  # as production requires of them (MFA_REQUIRED_FOR_STAFF)
            TOTP.activate(self.people[role], generate_totp_secret())
            RecoveryCodes.activate(self.people[role])


def _notification(user: User) -> Notification:
    from notifications.services import notify

    return notify(
        recipient=user, category="my-enquiries", event="test", dedup_key="matrix", link="/",
        template="notifications/email/digest", context={"items": [], "day": None},
    )  # fmt: skip


def ref(scene: Scene) -> dict:
    return {"reference": scene.enquiry.reference}


def published(scene: Scene) -> dict:
    return {"slug": scene.world.opportunity_a2.slug}


def queue_a1(scene: Scene) -> dict:
    return {"queue_id": scene.world.queue_a1.pk}


MATRIX: dict[str, Case] = {
    "home": Case("get"),
    "health": Case("get"),
    "opportunities:catalogue": Case("get", expect=signed_in()),
    "opportunities:saved": Case("get", expect=signed_in()),
    "opportunities:calendar": Case("post", data={"action": "renew"}, expect=signed_in()),
    "opportunities:manage": Case("get", expect=only(*OPPORTUNITY_MANAGERS)),
    "opportunities:create": Case("get", expect=only(*OPPORTUNITY_MANAGERS)),
    "opportunities:deadlines_ics": Case("get", expect=signed_in()),
    "opportunities:saved_ics": Case("get", lambda s: {"token": s.token}),
    "opportunities:new_atom": Case("get", expect=signed_in()),
    "opportunities:detail": Case("get", published, expect=signed_in()),
    "opportunities:edit": Case("get", lambda s: {"slug": s.draft.slug}, expect=only(*DRAFT_MANAGERS)),
    "opportunities:transition": Case(
        "post", lambda s: {"slug": s.draft.slug}, data={"to": "published"}, expect=only(*DRAFT_MANAGERS)
    ),
    "opportunities:save": Case("post", lambda s: {"slug": s.draft.slug}, expect=only(*DRAFT_MANAGERS)),
    "opportunities:unsave": Case("post", published, expect=signed_in()),
    "enquiries:mine": Case("get", expect=signed_in()),
    "enquiries:new": Case("get", expect=signed_in()),
    "enquiries:detail": Case("get", ref, expect=only(*ENQUIRY_READERS)),
    "enquiries:reply": Case("post", ref, data={"body": "x"}, expect=only("requester_a", *ENQUIRY_STAFF)),
    "enquiries:note": Case("post", ref, data={"body": "x"}, expect=only(*ENQUIRY_STAFF, "host_coordinator")),
    "enquiries:status": Case(
        "post", ref, data={"status": "closed"}, expect=only("requester_a", *ENQUIRY_STAFF)
    ),
    "enquiries:assign": Case("post", ref, data={"to_me": "1"}, expect=only(*ENQUIRY_STAFF)),
    "enquiries:forward": Case("post", ref, data={}, expect=only(*ENQUIRY_STAFF)),
    "enquiries:outcome": Case("post", ref, data={"outcome": "accepted"}, expect=only(*ENQUIRY_STAFF)),
    "enquiries:priority": Case("post", ref, data={"priority": "3"}, expect=only(*ENQUIRY_STAFF)),
    "enquiries:recommend": Case(
        "post", ref, data={"verdict": "recommended"}, expect=only("host_coordinator")
    ),
    "enquiries:attachment": Case(
        "get",
        lambda s: {"reference": s.enquiry.reference, "attachment_id": s.attachment.pk},
        expect=only(*ENQUIRY_READERS),
    ),
    "queue:index": Case("get", expect=only(*QUEUE_WORKERS)),
    "queue:bulk": Case("post", data={"action": "assign_me"}, expect=signed_in()),
    "queue:manage": Case(
        "get",
        expect=only(*QUEUE_MANAGERS, "coordinator_b", "host_coordinator", "office_same", "office_other"),
    ),
    "queue:manage_queue": Case("get", queue_a1, expect=only(*QUEUE_MANAGERS)),
    "queue:manage_settings": Case("post", queue_a1, expect=only(*QUEUE_MANAGERS)),
    "queue:manage_members": Case("post", queue_a1, expect=only(*QUEUE_MANAGERS)),
    "queue:manage_member_remove": Case(
        "post",
        lambda s: {"queue_id": s.world.queue_a1.pk, "user_id": s.world.staff_a1.pk},
        expect=only(*QUEUE_MANAGERS),
    ),
    "queue:manage_canned": Case("post", queue_a1, expect=only(*QUEUE_MANAGERS)),
    "queue:manage_canned_edit": Case(
        "post",
        lambda s: {"queue_id": s.world.queue_a1.pk, "canned_id": s.canned.pk},
        expect=only(*QUEUE_MANAGERS),
    ),
    "queue:manage_canned_delete": Case(
        "post",
        lambda s: {"queue_id": s.world.queue_a1.pk, "canned_id": s.canned.pk},
        expect=only(*QUEUE_MANAGERS),
    ),
    "queue:manage_topics": Case("post", queue_a1, expect=only(*QUEUE_MANAGERS)),
    "accessibility:statement": Case("get"),
    "accessibility:feedback": Case("post", data={"subject": "Contrast"}, expect=signed_in()),
    "notifications:index": Case("get", expect=signed_in()),
    "notifications:preferences": Case("get", expect=signed_in()),
    "notifications:mark_all_read": Case("post", expect=signed_in()),
    "notifications:open": Case(
        "post", lambda s: {"notification_id": s.notification.pk}, expect=only("requester_a")
    ),
    "accounts:profile": Case("get", expect=signed_in()),
    "accounts:language": Case("post", data={"language": "fr", "next": "/"}),
    "privacy:notice": Case("get"),
    "privacy:export": Case("get", expect=signed_in()),
    # Without the password the form answers 400 and nothing is deleted.
    "privacy:delete": Case("post", expect=signed_in()),
    "account_login": Case("get"),
    "account_logout": Case("get"),
    "account_inactive": Case("get"),
    "account_signup": Case("get"),
    "account_reauthenticate": Case("get", expect=signed_in()),
    # Re-authentication by a mailed code exists only with sign-in by code, which is off: a password
    # or a second factor, never the mailbox alone, confirms who is at the keyboard.
    "account_request_reauthentication_code": Case("get", expect=signed_in(default="403")),
    "account_confirm_reauthentication_code": Case("get", expect=signed_in(default="403")),
    "account_email": Case("get", expect=signed_in()),
    "account_email_verification_sent": Case("get"),
    "account_change_password": Case("get", expect=signed_in()),
    "account_set_password": Case("get", expect=signed_in()),
    "account_reset_password": Case("get"),
    "account_confirm_login_code": Case("get", expect=signed_in()),
    "account_confirm_email": Case("get", lambda s: {"key": "not-a-key"}),
    "account_reset_password_from_key_done": Case("get"),
    "account_reset_password_from_key": Case("get", lambda s: {"uidb36": "1", "key": "not-a-key"}),
    "account_reset_password_done": Case("get"),
    "usersessions_list": Case("get", expect=signed_in()),
    # University sign-in: public pages and endpoints an identity provider answers to.
    "accounts:university_sign_in": Case("get"),
    "accounts:saml_metadata": Case("get"),
    "saml_metadata": Case("get", lambda s: {"organization_slug": "a1"}),
    "saml_login": Case("post", lambda s: {"organization_slug": "a1"}, data={"process": "login"}),
    "saml_acs": Case("post", lambda s: {"organization_slug": "a1"}),
    # Without a response posted first, nobody is signed in: allauth's error page.
    "saml_finish_acs": Case("get", lambda s: {"organization_slug": "a1"}, expect=everyone("401")),
    "saml_sls": Case("get", lambda s: {"organization_slug": "a1"}),
    # MyAcademicID is not configured in the tests: there is no such provider.
    "openid_connect_login": Case("get", lambda s: {"provider_id": "myacademicid"}, expect=everyone("404")),
    "openid_connect_callback": Case("get", lambda s: {"provider_id": "myacademicid"}, expect=everyone("404")),
    "socialaccount_connections": Case("get", expect=signed_in()),
    "socialaccount_login_cancelled": Case("get"),
    "socialaccount_login_error": Case("get", expect=everyone("401")),
    "socialaccount_signup": Case("get", expect=signed_in(default="login")),
    # allauth's former addresses, kept as permanent redirects to the ones above.
    "social/connections/": Case("get", path="/accounts/social/connections/", expect=everyone("301")),
    "social/login/cancelled/": Case("get", path="/accounts/social/login/cancelled/", expect=everyone("301")),
    "social/login/error/": Case("get", path="/accounts/social/login/error/", expect=everyone("301")),
    "social/signup/": Case("get", path="/accounts/social/signup/", expect=everyone("301")),
    "mfa_index": Case("get", expect=signed_in()),
    "mfa_authenticate": Case("get", expect=signed_in()),
    "mfa_reauthenticate": Case("get", expect=signed_in()),
    "mfa_activate_totp": Case("get", expect=signed_in()),
    "mfa_deactivate_totp": Case("get", expect=only(*MFA_USERS)),
    "mfa_view_recovery_codes": Case("get", expect=only(*MFA_USERS)),
    "mfa_generate_recovery_codes": Case("get", expect=signed_in()),
    "mfa_download_recovery_codes": Case("get", expect=only(*MFA_USERS)),
    "api-opportunities": Case("get", expect={**everyone(), "anonymous": "403"}),
    "api-opportunity": Case("get", published, expect={**everyone(), "anonymous": "403"}),
    "api-schema": Case("get"),
    "admin:index": Case("get", expect={**dict.fromkeys(ROLES, "login"), "site_admin": "ok"}),
}


SIGN_IN = {reverse("account_login"), reverse("admin:login")}


def _outcome(response) -> str:
    if response.status_code in (301, 302) and urlsplit(response.url).path in SIGN_IN:
        return "login"
    if response.status_code in (200, 302, 400):
        return "ok"
    return str(response.status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(client, world, name, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "hub.example"]
    client.defaults["HTTP_HOST"] = "hub.example"  # as browsers send it (SAML reads it)
    scene = Scene(world)
    case = MATRIX[name]
    url = (case.path or reverse(name, kwargs=case.kwargs(scene))) + case.query
    seen = {}
    for role in ROLES:
        client.logout()
        if role in MFA_USERS:
            force_login_with_second_factor(client, scene.people[role])
        elif role != "anonymous":
            client.force_login(scene.people[role])
        with transaction.atomic():
            response = getattr(client, case.method)(url, case.data)
            transaction.set_rollback(True)
        seen[role] = _outcome(response)
    assert seen == case.expect


def _named_routes(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from _named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or str(pattern.pattern)
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_of_the_site_is_in_the_matrix():
    # Django's admin guards every one of its pages with the same staff check as its index.
    routes = {name for name in _named_routes(get_resolver().url_patterns) if not name.startswith("admin")}
    assert routes - set(MATRIX) == set()
    assert set(MATRIX) - routes - {"admin:index"} == set()
