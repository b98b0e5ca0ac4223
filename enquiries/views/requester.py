"""The requester's side: my enquiries and the "get involved" form."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.requests import AuthenticatedHttpRequest
from opportunities.models import Opportunity
from opportunities.selectors import opportunity_for_reader

from .. import selectors
from ..forms import EnquiryForm
from ..models import Queue
from ..policies import submission_refusal
from ..routing import route, topic_for_opportunity
from ..services import enquiry_submit

PAGE_SIZE = 25


@login_required
def my_enquiries(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_enquiries(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enquiries/mine.html", {"page": page})


@login_required
def new(request: AuthenticatedHttpRequest) -> HttpResponse:
    slug = request.GET.get("opportunity") or request.POST.get("opportunity")
    opportunity = opportunity_for_reader(request.user, slug) if slug else None
    form = EnquiryForm(request.POST or None, request.FILES or None, opportunity=opportunity)
    if request.method == "POST" and form.is_valid() and not _refused(form, submission_refusal(request)):
        data = form.cleaned_data
        try:
            enquiry = enquiry_submit(
                requester=request.user,
                alliance=opportunity.alliance if opportunity is not None else data["alliance"],
                subject=data["subject"],
                message=data["message"],
                kind=data.get("kind") or "question",
                topic=data.get("topic") or "general",
                opportunity=opportunity,
                files=data["attachments"],
            )
        except ValidationError as error:
            form.add_error("attachments" if _about_files(error) else None, error)
        else:
            messages.success(
                request,
                _("Your enquiry %(reference)s has been sent. Expect a first answer by %(date)s.")
                % {"reference": enquiry.reference, "date": date_format(enquiry.first_response_due)},
            )
            return redirect(enquiry)
    context = {
        "form": form,
        "opportunity": opportunity,
        "handler": _handler(request, opportunity),
        "contacts": selectors.contacts_for(request.user) if opportunity is None else [],
    }
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, "enquiries/new.html", context, status=status)


def _refused(form, refusal: ValidationError | None) -> bool:
    """Put a request policy's refusal on the form, if there is one."""
    if refusal is not None:
        form.add_error(None, refusal)
    return refusal is not None


def _about_files(error: ValidationError) -> bool:
    codes = {e.code for e in error.error_list}
    return bool(codes & {"too_many_files", "path_in_name", "file_too_large", "file_type"})


def _handler(request: AuthenticatedHttpRequest, opportunity: Opportunity | None) -> Queue | None:
    """The queue an enquiry about ``opportunity`` will go to, shown before submitting."""
    if opportunity is None:
        return None
    queues = selectors.alliance_queues(opportunity.alliance_id)
    found = route(
        selectors.routing_request(
            request.user, opportunity.alliance_id, topic_for_opportunity(opportunity.kind)
        ),
        [selectors.queue_option(q) for q in queues.values()],
    )
    return queues[found.queue_id]
