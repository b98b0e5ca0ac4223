import datetime as dt
import json
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import UniversityIdentity, User
from accounts.saml import PERSONAL_UNIQUE_CODE
from accounts.services import affiliation_override_set
from enquiries.models import CannedReply, Enquiry
from enquiries.services import (
    enquiry_assign,
    enquiry_note,
    enquiry_recommend,
    enquiry_reply,
    enquiry_submit,
)
from enquiries.storage import private_storage
from notifications.models import Notification
from notifications.services import digests_send, preferences_save
from opportunities.services import calendar_token_for, saved_opportunity_add
from tests.accounts.factories import UserFactory
from tests.accounts.saml_idp import DISPLAY_NAME, MAIL
from tests.accounts.sessions import sign_in
from tests.enquiries.conftest import World
from tests.enquiries.test_views import _pdf
from tests.opportunities.factories import OpportunityFactory

NAME = "Zephyrine Quillfeather"
SECOND_ADDRESS = "zephyrine.q@elsewhere.example"


class Person:
    """A coordinator of a1 who is also a requester elsewhere: one of every kind of personal data.

    As requester: an enquiry to alliance B's central office with a document, answered (and
    talked about in an internal note) by B's office. As staff: a reply with a document and a
    note on student a1's enquiry (which becomes assigned to them), a recommendation as host.
    Around them: a second address, an affiliation override, an admin log line, notifications,
    a preference, a saved opportunity, a calendar address, and texts by others naming them.
    """

    def __init__(self, world: World) -> None:
        self.world = world
        self.user = world.coordinator_a1
        self.user.display_name = NAME
        self.user.save(update_fields=["display_name"])
        self.email = self.user.email
        EmailAddress.objects.create(user=self.user, email=SECOND_ADDRESS, primary=False, verified=True)
        # Linked to their university's sign-in, which stated who they are.
        self.esi = "urn:schac:personalUniqueCode:int:esi:a1.example:zq-2026"
        attributes = {MAIL: [self.email], DISPLAY_NAME: [NAME], PERSONAL_UNIQUE_CODE: [self.esi]}
        SocialAccount.objects.create(
            user=self.user, provider="a1", uid="zq@a1.example", extra_data={"attributes": attributes}
        )
        UniversityIdentity.objects.create(
            user=self.user, provider="saml:a1", home_organization="a1.example", home_university=world.a1,
            affiliations=["staff@a1.example"], european_student_identifier=self.esi,
        )  # fmt: skip
        self.totp_secret = generate_totp_secret()
        TOTP.activate(self.user, self.totp_secret)
        self.admin = UserFactory(email="admin@hub.example", is_staff=True, is_superuser=True)
        affiliation_override_set(
            user=self.user, university=world.a1, reason=f"Confirmed by HR for {NAME}", set_by=self.admin
        )
        LogEntry.objects.create(
            user=self.admin,
            content_type=ContentType.objects.get_for_model(User),
            object_id=str(self.user.pk),
            object_repr=str(self.user),
            action_flag=CHANGE,
            change_message=f'[{{"changed": "{self.email}"}}]',
        )
        world.queue_a1.contact_email = self.email
        world.queue_a1.save(update_fields=["contact_email"])
        CannedReply.objects.create(queue=world.queue_a1, title="Welcome", body=f"Kind regards, {NAME}")
        self.opportunity_a1 = OpportunityFactory(
            host_university=world.a1, slug="a1-lab", description=f"Ask {NAME} ({self.email}) about the lab."
        )

        # Their own enquiry, to alliance B (not theirs, so B's central office handles it), which
        # office B's daily digest lists.
        preferences_save(user=world.office_b, choices={"queue-activity": "digest"})
        self.own = enquiry_submit(
            requester=self.user, alliance=world.alliance_b, subject=f"Visit of {NAME}",
            message=f"Hello, I am {NAME}. My private phone is +33 6 12 34 56 78.",
            files=[_pdf("zephyrine-cv.pdf")],
        )  # fmt: skip
        self.own_attachment = self.own.messages.get().attachments.get()
        enquiry_assign(enquiry=self.own, assignee=world.office_b, by=world.office_b)
        enquiry_note(
            enquiry=self.own, by=world.office_b, body="Internal: office B thinks the visit is too late."
        )
        enquiry_reply(enquiry=self.own, by=world.office_b, body=f"Dear {NAME}, which dates?", ask=True)
        enquiry_reply(enquiry=self.own, by=self.user, body="From 3 to 7 May.")

        # Their work as staff on student a1's enquiry.
        self.handled = enquiry_submit(
            requester=world.student_a1, alliance=world.alliance_a, subject="Housing", message="Any rooms?"
        )
        self.staff_reply = enquiry_reply(
            enquiry=self.handled, by=self.user, body=f"Yes. {NAME}, coordinator", files=[_pdf("rooms.pdf")]
        )
        self.staff_attachment = self.staff_reply.attachments.get()
        enquiry_note(enquiry=self.handled, by=world.staff_a1, body=f"Ask {self.email} about the rooms.")
        enquiry_note(enquiry=self.handled, by=self.user, body="Rooms are booked until June.")

        # As host coordinator: an application of student a2 to their opportunity.
        self.application = enquiry_submit(
            requester=world.student_a2, alliance=world.alliance_a, subject="Lab application",
            message="Please consider me.", kind=Enquiry.Kind.APPLICATION, opportunity=self.opportunity_a1,
        )  # fmt: skip
        enquiry_recommend(
            enquiry=self.application, verdict="recommended", comment="A strong candidate.", by=self.user
        )

        digests_send(at=timezone.now().replace(hour=12) + dt.timedelta(days=1))
        assert Notification.objects.filter(recipient=world.office_b, body_text__contains=self.own.subject)

        preferences_save(user=self.user, choices={"internal-notes": "digest"})
        saved_opportunity_add(user=self.user, opportunity=world.opportunity_a2)
        self.calendar_token = calendar_token_for(user=self.user)
        # Signed in on another device, through allauth (which records the address in the session).
        self.phone = Client(HTTP_USER_AGENT="Phone browser")
        sign_in(self.phone, self.email, totp_secret=self.totp_secret)
        assert self.phone.session.get("_auth_user_id") == str(self.user.pk)

    @property
    def needles(self) -> list[str]:
        return [NAME, self.email, SECOND_ADDRESS, self.own.subject, self.esi]


@pytest.fixture
def person(world) -> Person:
    return Person(world)


def texts_mentioning(needles: list[str]) -> list[str]:
    """Every ``table.column #row`` of the whole database whose value holds one of ``needles``.

    Read with SQL, table by table and column by column, whatever the app or library that owns
    it (the admin log, allauth's records, sessions...); session data is decoded first, since
    Django stores it signed and compressed.
    """
    wanted = [needle.casefold() for needle in needles]
    quote = connection.ops.quote_name
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")  # noqa: S608
            for number, row in enumerate(cursor.fetchall()):
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if table == Session._meta.db_table and column == "session_data":
                        value = json.dumps(store.decode(value), ensure_ascii=False)
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode(errors="replace")
                    text = str(value)
                    if any(needle in text.casefold() for needle in wanted):
                        found.append(f"{table}.{column} #{number}: {text[:80]!r}")
    return found


def file_exists(name: str) -> bool:
    return private_storage.exists(name)
