"""Removing a person's name and e-mail addresses from free text that others wrote or that was copied.

When a person deletes their account, their name may live on in text that stays: a staff
member's reply ("Dear Jane Doe"), an audit value, a notification to someone else, a log
line of the admin site. Each app passes its free-text fields to ``redact_rows``; the
person's own rows are deleted by the app itself.
"""

import re
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.html import escape

from .models import User

REDACTED = "[…]"
# A name this short names nobody; redacting it would mangle everyone else's words.
MIN_NAME_LENGTH = 2
# A mention stands alone: not inside a longer word, an e-mail address or a domain name.
_BEFORE = r"(?<![\w@.])"
_AFTER = r"(?![\w@])"


@dataclass(frozen=True)
class Mentions:
    """The ways a person appears in text: their display name and every e-mail address they had."""

    texts: tuple[str, ...]

    @cached_property
    def forms(self) -> tuple[str, ...]:
        """Each text as written and as HTML shows it, longest first (an address before a name in it)."""
        found = {form for text in self.texts for form in (text, str(escape(text)))}
        return tuple(sorted(found, key=lambda form: (-len(form), form)))

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        if not self.forms:
            return None
        alternatives = "|".join(re.escape(form) for form in self.forms)
        return re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}", re.IGNORECASE)

    def redact(self, text: str) -> str:
        """``text`` with every mention replaced by a neutral marker."""
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(REDACTED, text)

    def is_one(self, text: str) -> bool:
        """Whether ``text`` is exactly one of the person's addresses or their name."""
        return text.strip().casefold() in {form.casefold() for form in self.forms}

    def matching(self, fields: list[str]) -> Q:
        """Rows where any of ``fields`` may mention the person (a cheap filter before ``redact``)."""
        conditions = [Q(**{f"{field}__icontains": form}) for field in fields for form in self.forms]
        return reduce(or_, conditions, Q(pk__in=[]))


def mentions_of(user: User) -> Mentions:
    """The display name and every e-mail address of ``user`` (read before anything is deleted)."""
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    texts = {address.strip() for address in addresses if address and address.strip()}
    name = user.display_name.strip()
    if len(name) >= MIN_NAME_LENGTH:
        texts.add(name)
    return Mentions(tuple(sorted(texts)))


def redact_rows(queryset: QuerySet, fields: list[str], mentions: Mentions) -> list[int]:
    """Redact the mentions in ``fields`` of every row of ``queryset``; return the changed rows' keys.

    An e-mail field that holds one of the person's addresses is emptied rather than left
    with a marker that is no address.
    """
    if not mentions.forms:
        return []
    model = queryset.model
    email_fields = {f for f in fields if isinstance(model._meta.get_field(f), models.EmailField)}
    limits = {f: model._meta.get_field(f).max_length for f in fields}
    changed = []
    for row in list(queryset.filter(mentions.matching(fields)).values("pk", *fields)):
        updates = {}
        for field in fields:
            value = row[field]
            if not isinstance(value, str):
                continue
            new = "" if field in email_fields and mentions.is_one(value) else mentions.redact(value)
            new = new[: limits[field]] if limits[field] else new
            if new != value:
                updates[field] = new
        if updates:
            model._default_manager.filter(pk=row["pk"]).update(**updates)
            changed.append(row["pk"])
    return changed
