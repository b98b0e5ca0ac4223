"""Where attachments live: a folder that no URL serves; only the download view reads it."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """The folder of ``PRIVATE_MEDIA_ROOT``, read from the settings whenever it is used.

    Nothing of the machine is frozen into the migrations (the storage deconstructs to this class
    alone), and a changed setting applies at once.
    """

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


private_storage = PrivateStorage()
