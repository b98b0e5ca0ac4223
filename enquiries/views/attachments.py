from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from accounts.requests import AuthenticatedHttpRequest

from .. import selectors
from ..models import Attachment
from ..selectors import Access
from ..services.workflow import attachment_viewed
from . import enquiry_for_request


def _from_our_pages(request: HttpRequest) -> bool:
    """Whether the person asked for this themselves: from one of our pages, or typed or bookmarked.

    Browsers say where a request comes from (``Sec-Fetch-Site``); without it, a ``Referer`` of
    another site gives the link away. A link, image or form on another site must not make staff
    open a document, nor write "opened" in their name in the enquiry's history.
    """
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from in ("same-origin", "none")
    referer = request.headers.get("Referer")
    return not referer or urlsplit(referer).netloc == request.get_host()


@login_required
def download(request: AuthenticatedHttpRequest, reference: str, attachment_id: int) -> HttpResponseBase:
    """Serve an attachment to people who may see it in the thread; 404 for everyone else.

    Staff and hosts' openings are recorded in the enquiry's history, so a request that another
    site started gets a page with the link instead, and nothing is recorded until it is followed.
    """
    enquiry, access = enquiry_for_request(request, reference)
    attachment = (
        Attachment.objects.filter(pk=attachment_id, message__in=selectors.thread(enquiry, access))
        .select_related("message")
        .first()
    )
    if attachment is None:
        raise Http404
    if access is not Access.REQUESTER:
        if not _from_our_pages(request):
            return render(
                request, "enquiries/attachment.html", {"enquiry": enquiry, "attachment": attachment}
            )
        attachment_viewed(enquiry=enquiry, attachment=attachment, by=request.user)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
