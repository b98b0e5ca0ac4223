"""Every form of the site against hostile input (docs/quality.md: bad input).

Each example starts from a valid submission and spoils a few of its fields: very long text,
control characters and NUL, other scripts and right-to-left text, markup and SQL, numbers and
dates that are not, several values where one is expected, a field left out, an unknown field.
Whatever arrives, the answer is never a crash; a refusal explains itself (errors on the form,
an error message, or a 404) and leaves everything already saved exactly as it was; what is
accepted is stored as typed, without control characters, and the pages that show it work
and escape it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from enquiries.models import CannedReply, Enquiry, Recommendation, Topic
from enquiries.services import enquiry_note, enquiry_submit
from notifications.models import Category, Delivery
from opportunities.languages import LANGUAGE_CHOICES
from opportunities.models import Opportunity
from opportunities.services import saved_opportunity_add
from tests.opportunities.factories import OpportunityFactory

from .checks import (
    assert_markup_escaped,
    assert_no_control_characters_stored,
    assert_not_a_crash,
    assert_refusal_is_explained,
    error_messages,
    saved_state,
    stored_texts,
    succeeded,
)
from .strategies import examples, hostile_text, values_of

pytestmark = pytest.mark.django_db


class Scene:
    """The World of the enquiry tests, with an application in its thread and a draft opportunity."""

    def __init__(self, world) -> None:
        self.world = world
        self.application = enquiry_submit(
            requester=world.student_a1, alliance=world.alliance_a, subject="Application",
            message="Please consider me", kind=Enquiry.Kind.APPLICATION, opportunity=world.opportunity_a2,
        )  # fmt: skip
        enquiry_note(enquiry=self.application, by=world.coordinator_a1, body="Looks good")
        self.draft = OpportunityFactory(
            host_university=world.a1, slug="a1-draft", status=Opportunity.Status.DRAFT
        )
        self.canned = CannedReply.objects.create(queue=world.queue_a1, title="Hello", body="Hello there")
        saved_opportunity_add(user=world.student_a1, opportunity=world.opportunity_a2)

    def __getattr__(self, name: str):
        return getattr(self.world, name)


@dataclass
class Form:
    """A form as a browser submits it: who, where, a valid submission and the values to try."""

    actor: str | None
    url: Callable[[Scene], str]
    valid: Callable[[Scene], dict]
    choices: Callable[[Scene], dict[str, list[str]]] = field(default=lambda s: {})
    # Fields stored as typed: an accepted value must be found again in the database.
    texts: tuple[str, ...] = ()
    # Pages that show what was stored: they must work, and escape it, after a success.
    pages: Callable[[Scene], list[str]] = field(default=lambda s: [])


def ref(name: str) -> Callable[[Scene], str]:
    return lambda s: reverse(f"enquiries:{name}", args=[s.application.reference])


def queue_url(name: str, *more: Callable[[Scene], int]) -> Callable[[Scene], str]:
    return lambda s: reverse(f"queue:{name}", args=[s.queue_a1.pk, *(m(s) for m in more)])


def opportunity_data(s: Scene) -> dict:
    return {
        "alliance": str(s.alliance_a.pk),
        "host_university": str(s.a1.pk),
        "title": "Hostile summer school",
        "slug": "",
        "summary": "Two weeks.",
        "description": "**Come**",
        "text_language": "en",
        "kind": Opportunity.Kind.SUMMER_SCHOOL,
        "for_master": "on",
        "format": Opportunity.Format.ON_SITE,
        "languages": ["en"],
        "sdgs": ["4"],
        "city": "Paris",
        "country": "FR",
        "start_date": "2031-07-01",
        "end_date": "2031-07-14",
        "application_deadline": "2031-05-01",
        "places": "12",
        "ects_credits": "5.0",
        "funding": Opportunity.Funding.FUNDED,
        "funding_details": "",
        "eligibility": "",
    }


def opportunity_choices(s: Scene) -> dict[str, list[str]]:
    return {
        "alliance": [str(s.alliance_a.pk), str(s.alliance_b.pk), ""],
        "host_university": [str(s.a1.pk), str(s.b1.pk), ""],
        "kind": Opportunity.Kind.values,
        "format": Opportunity.Format.values,
        "funding": Opportunity.Funding.values,
        "text_language": ["en", "fr", "xx"],
        "languages": [code for code, _ in LANGUAGE_CHOICES[:5]],
        "sdgs": ["1", "17", "0", "18"],
        "country": ["FR", "DE", "XX", ""],
        "slug": ["", "a1-draft", "new", "feeds", "-"],
        "start_date": ["2031-07-01", "", "2031-02-29"],
        "end_date": ["2031-06-01", ""],
        "application_deadline": ["2031-08-01", ""],
        "places": ["0", "-1", "2147483648", ""],
        "ects_credits": ["0", "999.9", "1000", "-0.5", "1e3", ""],
        "rolling_applications": ["on", ""],
        "theme": ["", "1"],
    }


OPPORTUNITY_TEXTS = ("title", "summary", "description", "city", "funding_details", "eligibility")


def opportunity_pages(s: Scene) -> list[str]:
    return [
        reverse("opportunities:catalogue"),
        reverse("opportunities:manage"),
        reverse("opportunities:new_atom"),
        reverse("opportunities:deadlines_ics"),
        reverse("api-opportunities"),
    ]


def enquiry_pages(s: Scene) -> list[str]:
    return [reverse("enquiries:mine"), reverse("queue:index"), s.application.get_absolute_url()]


FORMS: dict[str, Form] = {
    "profile": Form(
        "student_a1",
        lambda s: reverse("accounts:profile"),
        lambda s: {"display_name": "Ana", "language": "en"},
        lambda s: {"language": ["en", "fr", "de", ""]},
        texts=("display_name",),
        pages=lambda s: [reverse("accounts:profile"), reverse("home")],
    ),
    "language": Form(
        "student_a1",
        lambda s: reverse("accounts:language"),
        lambda s: {"language": "fr", "next": "/"},
        lambda s: {"language": ["en", "fr", "xx"], "next": ["/", "//evil.example/", "javascript:alert(1)"]},
    ),
    "opportunity-create": Form(
        "coordinator_a1",
        lambda s: reverse("opportunities:create"),
        opportunity_data,
        opportunity_choices,
        texts=OPPORTUNITY_TEXTS,
        pages=opportunity_pages,
    ),
    "opportunity-edit": Form(
        "coordinator_a1",
        lambda s: reverse("opportunities:edit", args=[s.draft.slug]),
        lambda s: {**opportunity_data(s), "slug": s.draft.slug},
        opportunity_choices,
        texts=OPPORTUNITY_TEXTS,
        pages=lambda s: [*opportunity_pages(s), reverse("opportunities:detail", args=[s.draft.slug])],
    ),
    "opportunity-status": Form(
        "coordinator_a1",
        lambda s: reverse("opportunities:transition", args=[s.draft.slug]),
        lambda s: {"to": "published"},
        lambda s: {"to": [*Opportunity.Status.values, "deleted"]},
        pages=opportunity_pages,
    ),
    "opportunity-save": Form(
        "student_a2",
        lambda s: reverse("opportunities:save", args=[s.opportunity_a2.slug]),
        lambda s: {"next": "/opportunities/"},
        lambda s: {"next": ["/", "https://evil.example/", "\\\\evil"]},
    ),
    "enquiry-general": Form(
        "student_a2",
        lambda s: reverse("enquiries:new"),
        lambda s: {
            "alliance": str(s.alliance_a.pk),
            "topic": Topic.GENERAL,
            "subject": "Hi",
            "message": "Hello",
        },
        lambda s: {"alliance": [str(s.alliance_a.pk), str(s.alliance_b.pk)], "topic": Topic.values},
        texts=("subject", "message"),
        pages=enquiry_pages,
    ),
    "enquiry-about-opportunity": Form(
        "outsider",
        lambda s: reverse("enquiries:new") + f"?opportunity={s.opportunity_a2.slug}",
        lambda s: {"kind": Enquiry.Kind.QUESTION, "subject": "Dates?", "message": "When?"},
        lambda s: {"kind": Enquiry.Kind.values, "opportunity": [s.opportunity_a2.slug, s.draft.slug]},
        texts=("subject", "message"),
        pages=enquiry_pages,
    ),
    "reply-requester": Form(
        "student_a1", ref("reply"), lambda s: {"body": "Thanks"}, texts=("body",), pages=enquiry_pages
    ),
    "reply-staff": Form(
        "coordinator_a1",
        ref("reply"),
        lambda s: {"body": "Welcome", "ask": ""},
        lambda s: {"ask": ["on", "", "maybe"]},
        texts=("body",),
        pages=enquiry_pages,
    ),
    "note-staff": Form(
        "staff_a1", ref("note"), lambda s: {"body": "Call her"}, texts=("body",), pages=enquiry_pages
    ),
    "note-host": Form(
        "coordinator_a2",
        ref("note"),
        lambda s: {"body": "We know him"},
        texts=("body",),
        pages=lambda s: [s.application.get_absolute_url(), reverse("queue:index") + "?view=hosted"],
    ),
    "status-requester": Form(
        "student_a1",
        ref("status"),
        lambda s: {"status": Enquiry.Status.WITHDRAWN},
        lambda s: {"status": Enquiry.Status.values},
        pages=enquiry_pages,
    ),
    "status-staff": Form(
        "coordinator_a1",
        ref("status"),
        lambda s: {"status": Enquiry.Status.WAITING},
        lambda s: {"status": Enquiry.Status.values},
        pages=enquiry_pages,
    ),
    "assign": Form(
        "coordinator_a1",
        ref("assign"),
        lambda s: {"assignee": str(s.staff_a1.pk)},
        lambda s: {"assignee": [str(s.coordinator_a1.pk), str(s.student_a1.pk), ""], "to_me": ["", "1"]},
        pages=enquiry_pages,
    ),
    "forward": Form(
        "coordinator_a1",
        ref("forward"),
        lambda s: {"queue": str(s.central_a.pk), "reason": "Not ours"},
        lambda s: {"queue": [str(s.central_a.pk), str(s.queue_a1.pk), str(s.queue_b1.pk)]},
        texts=("reason",),
        pages=lambda s: [reverse("queue:index"), reverse("enquiries:mine")],
    ),
    "outcome": Form(
        "coordinator_a1",
        ref("outcome"),
        lambda s: {"outcome": Enquiry.Outcome.ACCEPTED},
        lambda s: {"outcome": Enquiry.Outcome.values},
        pages=enquiry_pages,
    ),
    "priority": Form(
        "coordinator_a1",
        ref("priority"),
        lambda s: {"priority": "3"},
        lambda s: {"priority": [str(v) for v in Enquiry.Priority.values]},
        pages=enquiry_pages,
    ),
    "recommend": Form(
        "coordinator_a2",
        ref("recommend"),
        lambda s: {"verdict": Recommendation.Verdict.RECOMMENDED, "comment": "Strong candidate"},
        lambda s: {"verdict": Recommendation.Verdict.values},
        texts=("comment",),
        pages=lambda s: [s.application.get_absolute_url()],
    ),
    "bulk": Form(
        "coordinator_a1",
        lambda s: reverse("queue:bulk"),
        lambda s: {"enquiries": [str(s.application.pk)], "action": "assign_me", "query": "status=new"},
        lambda s: {
            "enquiries": [str(s.application.pk), "0"],
            "action": ["assign_me", "status", "forward", "delete"],
            "status": Enquiry.Status.values,
            "queue": [str(s.central_a.pk), str(s.queue_b1.pk)],
            "reason": ["Not ours"],
            "query": ["status=new", "q=%00"],
        },
        pages=enquiry_pages,
    ),
    "queue-settings": Form(
        "coordinator_a1",
        queue_url("manage_settings"),
        lambda s: {
            "settings-name": "a1 queue",
            "settings-contact_email": "",
            "settings-first_response_target_days": "3",
        },
        lambda s: {
            "settings-contact_email": ["", "io@a1.example"],
            "settings-first_response_target_days": ["1", "30", "31", "0"],
        },
        texts=("settings-name",),
        pages=lambda s: [reverse("queue:manage_queue", args=[s.queue_a1.pk]), reverse("queue:index")],
    ),
    "queue-member": Form(
        "coordinator_a1",
        queue_url("manage_members"),
        lambda s: {"member-email": "student@a2.example"},
        lambda s: {"member-email": ["staff@a1.example", "nobody@a1.example", "STUDENT@A2.EXAMPLE"]},
        pages=lambda s: [reverse("queue:manage_queue", args=[s.queue_a1.pk])],
    ),
    "canned-add": Form(
        "coordinator_a1",
        queue_url("manage_canned"),
        lambda s: {"canned-title": "Bye", "canned-body": "See you"},
        texts=("canned-title", "canned-body"),
        pages=lambda s: [
            reverse("queue:manage_queue", args=[s.queue_a1.pk]),
            s.application.get_absolute_url(),
        ],
    ),
    "canned-edit": Form(
        "coordinator_a1",
        queue_url("manage_canned_edit", lambda s: s.canned.pk),
        lambda s: {f"canned-{s.canned.pk}-title": "Hi", f"canned-{s.canned.pk}-body": "Hi there"},
        texts=("title", "body"),
        pages=lambda s: [
            reverse("queue:manage_queue", args=[s.queue_a1.pk]),
            s.application.get_absolute_url(),
        ],
    ),
    "topic-queue": Form(
        "coordinator_a1",
        queue_url("manage_topics"),
        lambda s: {"topic-topic": Topic.STAFF_MOBILITY, "topic-name": "a1 staff"},
        lambda s: {"topic-topic": Topic.values},
        texts=("topic-name",),
        pages=lambda s: [reverse("queue:manage_queue", args=[s.queue_a1.pk])],
    ),
    "notification-preferences": Form(
        "student_a1",
        lambda s: reverse("notifications:preferences"),
        lambda s: dict.fromkeys(Category.values, Delivery.IMMEDIATE),
        lambda s: dict.fromkeys(Category.values, Delivery.values),
        pages=lambda s: [reverse("notifications:preferences")],
    ),
    "accessibility-feedback": Form(
        "student_a1",
        lambda s: reverse("accessibility:feedback"),
        lambda s: {
            "alliance": str(s.alliance_a.pk),
            "page": "/",
            "subject": "Contrast",
            "message": "Too pale",
        },
        lambda s: {"alliance": [str(s.alliance_a.pk), str(s.alliance_b.pk)]},
        texts=("subject", "message"),
        pages=enquiry_pages,
    ),
    "account-delete": Form(
        "student_b1",
        lambda s: reverse("privacy:delete"),
        lambda s: {"password": "password"},
    ),
    "sign-in": Form(
        None,
        lambda s: reverse("account_login"),
        lambda s: {"login": "student@a1.example", "password": "password"},
        lambda s: {"remember": ["on", ""]},
    ),
    "sign-up": Form(
        None,
        lambda s: reverse("account_signup"),
        lambda s: {
            "email": "new@a1.example",
            "password1": "Hostile-passphrase-42",
            "password2": "Hostile-passphrase-42",
        },
    ),
    "password-reset": Form(
        None, lambda s: reverse("account_reset_password"), lambda s: {"email": "student@a1.example"}
    ),
    "e-mail-add": Form(
        "student_a1",
        lambda s: reverse("account_email"),
        lambda s: {"email": "second@a1.example", "action_add": ""},
        lambda s: {"action_add": [""], "action_remove": [""], "action_primary": [""]},
    ),
    "password-change": Form(
        "student_a1",
        lambda s: reverse("account_change_password"),
        lambda s: {
            "oldpassword": "password",
            "password1": "Hostile-passphrase-42",
            "password2": "Hostile-passphrase-42",
        },
    ),
}


@st.composite
def spoiled(draw, valid: dict, choices: dict[str, list[str]]) -> dict:
    """A valid submission with a few fields spoiled, left out, repeated, or a field added."""
    data = dict(valid)
    names = sorted(set(valid) | set(choices))
    for name in sorted(draw(st.sets(st.sampled_from(names), min_size=1, max_size=3))):
        options = choices.get(name, [])
        how = draw(st.sampled_from(["hostile", "hostile", "omit", "several", "other"]))
        if how == "omit":
            data.pop(name, None)
        elif how == "several":
            data[name] = draw(st.lists(values_of(options), min_size=2, max_size=3))
        elif how == "other" and options:
            data[name] = draw(st.sampled_from(options))
        else:
            data[name] = draw(hostile_text)
    if draw(st.booleans()):
        data[draw(hostile_text)] = draw(hostile_text)
    return data


def post(client: Client, url: str, data: dict, urlencoded: bool):
    if urlencoded:
        body = urlencode(data, doseq=True)
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    return client.post(url, data)


@pytest.fixture
def scene(world) -> Scene:
    return Scene(world)


@pytest.mark.parametrize("name", sorted(FORMS))
@given(data=st.data())
@examples(8)
def test_hostile_submission_is_refused_clearly_or_stored_as_typed(browser_client, scene, name, data):
    form = FORMS[name]
    url = form.url(scene)
    submitted = data.draw(spoiled(form.valid(scene), form.choices(scene)), label="submitted")
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    with transaction.atomic():
        browser_client.cookies.pop("messages", None)
        if form.actor:
            browser_client.force_login(getattr(scene, form.actor))
        before = saved_state()
        response = post(browser_client, url, submitted, urlencoded)
        assert_not_a_crash(response)
        if succeeded(response):
            after = saved_state()
            assert_no_control_characters_stored(after)
            stored = set(stored_texts(after))
            for name in form.texts:
                sent = next((v for k, v in submitted.items() if k == name or k.endswith(f"-{name}")), None)
                if isinstance(sent, str) and sent.strip():
                    assert any(sent.strip() in text for text in stored), name
            for page in form.pages(scene):
                shown = browser_client.get(page)
                assert_not_a_crash(shown)
                assert_markup_escaped(shown)
        else:
            assert_refusal_is_explained(response)
            assert saved_state() == before
        transaction.set_rollback(True)


def test_every_text_field_refuses_nul_and_control_characters(browser_client, scene):
    refused = []
    for name, form in sorted(FORMS.items()):
        valid = form.valid(scene)
        for text in form.texts:
            key = next(k for k in valid if k == text or k.endswith(f"-{text}"))
            for spoiled_text in ("NUL \x00 inside", "a bell \x07 and an escape \x1b[31m"):
                with transaction.atomic():
                    browser_client.cookies.pop("messages", None)
                    browser_client.force_login(getattr(scene, form.actor))
                    before = saved_state()
                    response = post(browser_client, form.url(scene), {**valid, key: spoiled_text}, False)
                    assert_not_a_crash(response)
                    assert not succeeded(response), (name, key, spoiled_text)
                    assert_refusal_is_explained(response)
                    assert saved_state() == before
                    refused.append((name, key))
                    transaction.set_rollback(True)
    assert len(refused) == 2 * sum(len(form.texts) for form in FORMS.values())


@pytest.mark.parametrize("reason", ["", "NUL \x00 inside", "bell \x07", "x" * 501])
def test_bulk_forward_takes_the_reason_rules_of_the_forward_form(browser_client, scene, reason):
    browser_client.force_login(scene.coordinator_a1)
    before = saved_state()
    response = browser_client.post(
        reverse("queue:bulk"),
        {
            "enquiries": [str(scene.application.pk)],
            "action": "forward",
            "queue": scene.central_a.pk,
            "reason": reason,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert error_messages(response)
    assert saved_state() == before
