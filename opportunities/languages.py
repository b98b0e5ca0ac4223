"""Languages opportunities are run in (ISO 639-1), named in the reader's language."""

from django.utils.functional import lazy
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_noop as _

# The EU's official languages and the other languages of the alliances' universities.
LANGUAGE_CODES = [
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "he", "hr", "hu", "it",
    "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "tr", "uk",
]  # fmt: skip


# Languages that Django's own catalogue does not name.
EXTRA_NAMES = {"mt": _("Maltese")}


def language_name(code: str) -> str:
    if code in EXTRA_NAMES:
        return gettext(EXTRA_NAMES[code])
    return get_language_info(code)["name_translated"]


LANGUAGE_CHOICES = [(code, lazy(language_name, str)(code)) for code in LANGUAGE_CODES]

# PostgreSQL text search configurations for the languages that have one.
SEARCH_CONFIGS = {
    "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian", "it": "italian",
    "lt": "lithuanian", "nl": "dutch", "pt": "portuguese", "ro": "romanian", "sv": "swedish",
    "tr": "turkish",
}  # fmt: skip


def search_config(code: str) -> str:
    """Return the PostgreSQL text search configuration for a language code."""
    return SEARCH_CONFIGS.get(code, "simple")
