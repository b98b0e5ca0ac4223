"""Passwords known from data breaches are refused, from a list read on this machine (no network)."""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@cache
def _breached() -> frozenset[str]:
    # zxcvbn ships the 30,000 passwords seen most often in leaked password dumps.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


class BreachedPasswordValidator:
    """Refuse a password that appears in lists of passwords leaked in data breaches."""

    def validate(self, password: str, user=None) -> None:
        if password.casefold() in _breached():
            raise ValidationError(
                _("This password has appeared in data breaches, so attackers try it first. Choose another."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password must not be one that has appeared in data breaches.")
