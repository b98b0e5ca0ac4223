from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def scale_hashers() -> None:
    """The password hashers the generated people's passwords are made with: the suite's own."""


@pytest.fixture
def ci_scale_data(scale_hashers) -> None:
    """The CI preset of ``seed_scale``, always the same data."""
    call_command(
        "seed_scale",
        not_production=True,
        preset="ci",
        seed=1,
        at="2026-05-06T09:00:00+02:00",
        stdout=StringIO(),
    )
