"""What every app accepts as text from a person: no control characters.

Tab and line breaks are text; the other control characters are not. Nobody types them, yet a
paste or a hostile client can send them, and they break what is built from the text later:
XML 1.0 (the Atom feed) cannot carry them at all. NUL is left to Django's own check, which
every form ``CharField`` runs already.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def validate_no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(_("Control characters are not allowed."), code="control_characters")


def strip_control_characters(text: str) -> str:
    """Drop what ``validate_no_control_characters`` refuses (and NUL), for text stored before the rule."""
    return CONTROL_CHARACTERS.sub("", text).replace("\x00", "")


class PlainTextMixin:
    """A form mixin: every text field of the form refuses control characters."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_no_control_characters)
