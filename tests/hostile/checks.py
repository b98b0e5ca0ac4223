"""What every answer to hostile input must show: no crash, a clear refusal, nothing lost."""

from collections.abc import Iterator
from http import HTTPStatus

from allauth.account.models import EmailAddress
from django.contrib.messages import ERROR, get_messages
from django.forms import BaseForm
from django.http import HttpResponse

from accounts.models import User
from enquiries.models import (
    Attachment,
    AuditEntry,
    CannedReply,
    Enquiry,
    Message,
    Queue,
    QueueMembership,
    Recommendation,
)
from institutions.text import CONTROL_CHARACTERS
from notifications.models import Notification, Preference
from opportunities.models import Opportunity, OpportunityLanguage, SavedOpportunity

# Everything a person's submission may change; a refused one must leave all of it as it was.
SAVED_MODELS = [
    User, EmailAddress, Preference, Notification, Opportunity, OpportunityLanguage, SavedOpportunity,
    Queue, QueueMembership, CannedReply, Enquiry, Message, Attachment, AuditEntry, Recommendation,
]  # fmt: skip

# Markup that must never come back unescaped in a page.
ACTIVE_MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']


def saved_state() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in SAVED_MODELS}


def stored_texts(state: dict[str, list[dict]]) -> Iterator[str]:
    for rows in state.values():
        for row in rows:
            yield from (value for value in row.values() if isinstance(value, str))


def assert_not_a_crash(response: HttpResponse) -> None:
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, response.content[:2000]


def error_messages(response: HttpResponse) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == ERROR]


def forms_shown(response: HttpResponse) -> list[BaseForm]:
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = []
    for context in filter(None, contexts):
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and value not in found:
                found.append(value)
    return found


def succeeded(response: HttpResponse) -> bool:
    """A redirect after a change, with no error message: the submission was taken."""
    return response.status_code == HTTPStatus.FOUND and not error_messages(response)


def assert_refusal_is_explained(response: HttpResponse) -> None:
    """A refused submission says why: errors on the form, an error message, or "nothing here"."""
    if response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.TOO_MANY_REQUESTS):
        return
    forms = forms_shown(response)
    if response.status_code == HTTPStatus.BAD_REQUEST and not forms:
        return  # a request too malformed to reach any form (Django's own "Bad Request")
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST, HTTPStatus.FOUND), (
        response.status_code
    )
    assert any(form.errors for form in forms) or error_messages(response), response.content[:2000]


def assert_no_control_characters_stored(state: dict[str, list[dict]]) -> None:
    bad = [text for text in stored_texts(state) if "\x00" in text or CONTROL_CHARACTERS.search(text)]
    assert bad == []


def assert_markup_escaped(response: HttpResponse) -> None:
    if response.get("Content-Type", "").startswith("text/html"):
        page = response.content.decode()
        assert [m for m in ACTIVE_MARKUP if m in page] == []
