from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from .. import selectors
from ..models import Attachment
from ..selectors import Access
from ..services.workflow import attachment_viewed


@login_required
def download(request: HttpRequest, reference: str, attachment_id: int) -> FileResponse:
    """Serve an attachment to people who may see it in the thread; 404 for everyone else."""
    enquiry, access = selectors.enquiry_for(request.user, reference)
    attachment = (
        Attachment.objects.filter(pk=attachment_id, message__in=selectors.thread(enquiry, access))
        .select_related("message")
        .first()
    )
    if attachment is None:
        raise Http404
    if access is not Access.REQUESTER:
        attachment_viewed(enquiry=enquiry, attachment=attachment, by=request.user)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
