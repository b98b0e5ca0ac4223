import pytest
from django.test import Client


@pytest.fixture
def browser_client() -> Client:
    """A client that answers a crash with a 500, as a visitor would see it, instead of raising."""
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def reach_the_forms(settings) -> None:
    """Let every hostile example reach the form itself, past the guards against floods."""
    settings.ACCOUNT_RATE_LIMITS = False
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Keep this run's attachments in a temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
