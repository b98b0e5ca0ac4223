"""A person's data from every app, as one document they can download."""

from typing import Any

from django.conf import settings
from django.utils import timezone

from accounts import privacy as accounts_privacy
from accounts.models import User
from enquiries import privacy as enquiries_privacy
from notifications import privacy as notifications_privacy
from opportunities import privacy as opportunities_privacy

FORMAT = "mobility-hub-personal-data"
VERSION = 1
# Each app exports what it keeps, in the dependency order of the house.
SECTIONS = (accounts_privacy, notifications_privacy, opportunities_privacy, enquiries_privacy)


def personal_data_of(user: User) -> dict[str, Any]:
    """Everything the hub keeps about ``user``: profile, roles, enquiries, messages, notifications..."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "site": settings.SITE_URL,
        "exported_at": timezone.now(),
    }
    for section in SECTIONS:
        data = section.personal_data(user)
        overlap = data.keys() & document.keys()
        if overlap:
            raise RuntimeError(f"Two apps export the same keys: {sorted(overlap)}")
        document.update(data)
    return document
