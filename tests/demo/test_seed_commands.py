"""The seed commands on a database of their own: any number of runs, and never on a production site."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("command", ["seed_demo", "seed_scale"])
def test_demo_and_scale_data_refuse_a_site_with_debug_off_unless_told(settings, command):
    settings.DEBUG = False
    options = {"preset": "ci"} if command == "seed_scale" else {}
    with pytest.raises(CommandError, match="i-know-this-is-not-production"):
        call_command(command, **options)
    assert not User.objects.exists()
    call_command(command, "--i-know-this-is-not-production", stdout=io.StringIO(), **options)
    assert User.objects.exists()


def test_seed_demo_runs_any_number_of_times_on_a_fresh_database():
    for _ in range(4):
        call_command("seed_demo", not_production=True, stdout=io.StringIO())
    assert User.objects.filter(email="student@poitiers.example").count() == 1
