"""The migrations: in step with the models, and the same on every machine."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_the_models_need_no_migration_that_is_not_written(settings, tmp_path):
    # Folders of another installation: a path frozen into a migration would show as a change.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        raise AssertionError(f"The models changed without a migration:\n{out.getvalue()}") from None


def test_no_migration_holds_a_path_of_the_machine_it_was_made_on():
    made_here = [
        path.relative_to(ROOT)
        for path in ROOT.glob("*/migrations/*.py")
        if str(ROOT) in path.read_text(encoding="utf-8")
    ]
    assert made_here == []
