"""Uploads with hostile names and contents (docs/quality.md: checked by content; served to those allowed).

The request is written by hand, as a hostile client would: Django's test client keeps only
the base name of a file, a browser or a script need not.
"""

import io
import time
import tracemalloc
import zipfile
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from enquiries.models import Attachment, Enquiry
from enquiries.services import enquiry_submit
from enquiries.services.attachments import DOCX, JPEG, ODT, PDF, PNG, ZIP_MAX_ENTRIES, validate_uploads
from institutions.text import CONTROL_CHARACTERS

from .checks import assert_not_a_crash, assert_refusal_is_explained, saved_state, succeeded
from .strategies import PATHS, SCRIPTS, examples, hostile_text

pytestmark = pytest.mark.django_db

LIMIT = 4096  # bytes; the tests lower the 10 MB limit to keep their files small


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCUMENTS = {
    PDF: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    PNG: PNG_BYTES,
    JPEG: b"\xff\xd8\xff\xe0" + b"\x00" * 32,
    DOCX: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
    ODT: _zip({"mimetype": ODT.content_type.encode(), "content.xml": b"<office:document/>"}),
}
NOT_DOCUMENTS = [
    b"",
    b"<html><script>alert(1)</script></html>",
    b"MZ\x90\x00 an executable",
    b"%PDF",  # too short to be anything
    _zip({"evil.sh": b"rm -rf /"}),
    _zip({"mimetype": b"application/x-evil"}),
    b"PK\x03\x04 not really a zip",
]
FILE_NAMES = [
    *PATHS,
    "..",
    ".htaccess",
    "transcript.pdf",
    "Zeugnis Übersicht.PDF",
    "a.pdf.exe",
    "no extension",
    "\u202efdp.exe",
    "name\r\nContent-Type: text/html",
    'quote".pdf',
    "tab\there.pdf",
    "esc\x1b[31m.pdf",
    "x" * 300 + ".pdf",
    *SCRIPTS,
]

upload = st.tuples(
    st.one_of(st.sampled_from(FILE_NAMES), hostile_text),
    st.one_of(
        st.sampled_from(list(DOCUMENTS.values())),
        st.sampled_from(NOT_DOCUMENTS),
        st.binary(max_size=64),
        st.builds(
            lambda head, n: head + b"\x00" * n, st.sampled_from(list(DOCUMENTS.values())), st.just(LIMIT)
        ),
    ),
)


def multipart(fields: dict[str, str], files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body with the file names exactly as given."""
    boundary = "hostile-boundary-4f1a"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for filename, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    return b"".join([*parts, f"--{boundary}--\r\n".encode()]), f"multipart/form-data; boundary={boundary}"


def stored_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def small_limit(settings) -> None:
    settings.ATTACHMENT_MAX_BYTES = LIMIT


@pytest.fixture
def enquiry(world) -> Enquiry:
    return enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Hello", message="Hi"
    )


def where(world, enquiry: Enquiry) -> dict[str, tuple]:
    """Who sends files where, with the rest of a valid submission."""
    general = {
        "alliance": str(world.alliance_a.pk),
        "topic": "general",
        "subject": "Files",
        "message": "Here",
    }
    return {
        "new": (world.student_a2, reverse("enquiries:new"), general),
        "reply": (world.student_a1, reverse("enquiries:reply", args=[enquiry.reference]), {"body": "Here"}),
        "note": (world.staff_a1, reverse("enquiries:note", args=[enquiry.reference]), {"body": "Scan"}),
    }


@pytest.mark.parametrize("door", ["new", "reply", "note"])
@given(files=st.lists(upload, min_size=1, max_size=6))
@examples(15)
def test_uploads_are_kept_only_when_they_are_documents_and_never_under_their_given_name(
    browser_client, world, enquiry, small_limit, private_media, door, files
):
    person, url, fields = where(world, enquiry)[door]
    body, content_type = multipart(fields, files)
    with transaction.atomic():
        browser_client.force_login(person)
        before, files_before = saved_state(), stored_files(private_media)
        response = browser_client.generic("POST", url, body, content_type=content_type)
        assert_not_a_crash(response)
        if not succeeded(response):
            assert_refusal_is_explained(response)
            assert saved_state() == before
            assert stored_files(private_media) == files_before, "a refused upload leaves no file behind"
        else:
            new = Attachment.objects.exclude(pk__in=[a["id"] for a in before["Attachment"]])
            for attachment in new:
                _assert_kept_safely(browser_client, attachment, private_media)
        transaction.set_rollback(True)


def _assert_kept_safely(client, attachment: Attachment, root: Path) -> None:
    name = attachment.name
    assert "/" not in name
    assert "\\" not in name
    assert not name.startswith(".")
    assert name.isprintable()
    assert not CONTROL_CHARACTERS.search(name)
    kind = next(kind for kind in DOCUMENTS if kind.content_type == attachment.content_type)
    assert name.endswith(f".{kind.extension}")
    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to(root.resolve())
    assert "." not in path.name, "stored under a name of its own, never the one given"
    content = path.read_bytes()
    assert content.startswith(DOCUMENTS[kind][:4])
    assert attachment.size == len(content) <= LIMIT
    download = client.get(
        reverse("enquiries:attachment", args=[attachment.message.enquiry.reference, attachment.pk])
    )
    assert download.status_code == HTTPStatus.OK
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == kind.content_type
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "\n" not in download["Content-Disposition"]
    assert "/" not in download["Content-Disposition"]


def _zip_bomb(inflated: int) -> bytes:
    """An ODT-looking archive whose ``mimetype`` entry inflates to ``inflated`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entry = zipfile.ZipInfo("mimetype")
        entry.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(entry, "w") as stream:
            chunk = b"\x00" * (1 << 20)
            for _ in range(inflated >> 20):
                stream.write(chunk)
        archive.writestr("content.xml", b"<office:document/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bombs() -> dict[int, bytes]:
    return {megabytes: _zip_bomb(megabytes << 20) for megabytes in (32, 160)}


@pytest.mark.parametrize("megabytes", [32, 160])
def test_an_archive_that_inflates_enormously_is_refused_in_bounded_memory_and_time(bombs, megabytes):
    bomb = SimpleUploadedFile("bomb.odt", bombs[megabytes])
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as refused:
            validate_uploads([bomb])
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [e.code for e in refused.value.error_list] == ["file_type"]
    assert peak < 512 * 1024, f"peak {peak} bytes"  # whatever the archive declares
    assert elapsed < 2, f"{elapsed:.2f} s"


def test_an_archive_of_too_many_entries_is_refused_before_its_directory_is_read():
    crowded = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"} | {
        f"word/media/{n}.bin": b"" for n in range(ZIP_MAX_ENTRIES)
    })  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        validate_uploads([SimpleUploadedFile("many.docx", crowded)])
    assert [e.code for e in refused.value.error_list] == ["file_type"]


def test_documents_with_many_parts_are_still_accepted():
    media = {f"word/media/image{n}.png": PNG_BYTES for n in range(300)}
    document = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"} | media)
    [(_upload, kind)] = validate_uploads([SimpleUploadedFile("thesis.docx", document)])
    assert kind == DOCX
