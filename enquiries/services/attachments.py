"""Attachments are checked by what they contain, never by their name."""

import struct
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..models import Attachment, Message


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


PDF = FileKind("application/pdf", "pdf")
PNG = FileKind("image/png", "png")
JPEG = FileKind("image/jpeg", "jpg")
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
ODT = FileKind("application/vnd.oasis.opendocument.text", "odt")


def sniff(upload: UploadedFile) -> FileKind | None:
    """Return what the file really is (PDF, PNG, JPEG, DOCX or ODT), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_document(upload)
    return None


# A DOCX or ODT holds tens of entries (a few hundred with many images) and inflates to a few
# times its size. Archives beyond these bounds are refused before anything is inflated; the
# type check itself inflates a few bytes at most, whatever the entries declare.
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_INFLATED_BYTES = 100 * 1024 * 1024
_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"


def _zip_entry_count(upload: UploadedFile) -> int | None:
    """The number of entries the archive's end record declares, or None if it has none.

    Read from the file's tail before ``zipfile`` builds its list of every entry. ZIP64
    archives (more than 65,534 entries, or 4 GB) are never office documents of 10 MB.
    """
    size = upload.size or 0
    tail = min(size, _END_OF_DIRECTORY.size + 0xFFFF)
    upload.seek(size - tail)
    data = upload.read(tail)
    at = data.rfind(_END_SIGNATURE)
    if at < 0 or len(data) - at < _END_OF_DIRECTORY.size:
        return None
    _signature, _disk, _directory_disk, _on_this_disk, entries, _size, _offset, _comment = (
        _END_OF_DIRECTORY.unpack_from(data, at)
    )
    return None if entries == 0xFFFF else entries


def _office_document(upload: UploadedFile) -> FileKind | None:
    try:
        entries = _zip_entry_count(upload)
        if entries is None or entries > ZIP_MAX_ENTRIES:
            return None
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES or sum(i.file_size for i in infos) > ZIP_MAX_INFLATED_BYTES:
                return None
            names = {info.filename for info in infos}
            if "mimetype" in names:
                expected = ODT.content_type.encode()
                with archive.open("mimetype") as entry:
                    head = entry.read(len(expected) + 2)
                if head.strip() == expected:
                    return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


def safe_name(name: str, kind: FileKind) -> str:
    """A display name without any path, control character or misleading extension."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{(stem or 'document')[:150]}.{kind.extension}"


def validate_uploads(files: list[UploadedFile]) -> list[tuple[UploadedFile, FileKind]]:
    """Check every upload; raise one ValidationError listing every refused file."""
    if len(files) > settings.ATTACHMENTS_PER_MESSAGE:
        raise ValidationError(
            _("Attach at most %(count)d files.") % {"count": settings.ATTACHMENTS_PER_MESSAGE},
            code="too_many_files",
        )
    accepted, errors = [], []
    for upload in files:
        name = upload.name or ""
        if "/" in name or "\\" in name or name.startswith(".") or any(not ch.isprintable() for ch in name):
            errors.append(
                ValidationError(
                    _("“%(name)s”: the file name must not contain a path.") % {"name": name[-80:]},
                    code="path_in_name",
                )
            )
        elif upload.size is None or upload.size > settings.ATTACHMENT_MAX_BYTES:  # unknown: not checkable
            errors.append(
                ValidationError(
                    _("“%(name)s” is larger than %(limit)s.")
                    % {"name": name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
                    code="file_too_large",
                )
            )
        elif (kind := sniff(upload)) is None:
            errors.append(
                ValidationError(
                    _("“%(name)s” is not a PDF, PNG, JPEG, DOCX or ODT document.") % {"name": name},
                    code="file_type",
                )
            )
        else:
            accepted.append((upload, kind))
    if errors:
        raise ValidationError(errors)
    return accepted


def attachments_store(*, message: Message, files: list[tuple[UploadedFile, FileKind]]) -> list[Attachment]:
    """Store checked uploads for ``message``."""
    stored = []
    for upload, kind in files:
        attachment = Attachment(
            message=message,
            name=safe_name(upload.name or "", kind),
            content_type=kind.content_type,
            size=upload.size or 0,  # known: attachments_check refuses a file of unknown size
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
