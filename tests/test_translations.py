"""Every user-facing string has a French translation, compiled and in step with the code."""

import shutil

import polib
import pytest
from django.core.management import call_command

LANGUAGES = ["fr"]


def _catalogue(project_root, language: str) -> polib.POFile:
    return polib.pofile(str(project_root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_missing_or_fuzzy_translation(project_root, language):
    po = _catalogue(project_root, language)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source_catalogue(project_root, language):
    po = _catalogue(project_root, language)
    mo = polib.mofile(str(project_root / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    expected = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    assert compiled == expected


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_contains_every_string_of_the_code(project_root, language, settings, tmp_path, monkeypatch):
    # Extract from a copy of the sources: makemessages writes into the locale folder it finds.
    copy = tmp_path / "project"
    shutil.copytree(
        project_root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "var", "tests", "static", "__pycache__"
        ),
    )
    fresh = copy / "locale"
    settings.LOCALE_PATHS = [fresh]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=[language], no_obsolete=True, verbosity=0)
    extracted = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(fresh / language / "LC_MESSAGES" / "django.po"))
    }
    committed = {(e.msgctxt, e.msgid) for e in _catalogue(project_root, language)}
    assert sorted(extracted - committed, key=str) == [], "run `make messages` and translate the new strings"
