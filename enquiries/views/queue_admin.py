"""Queue administration: coordinators manage their universities' queues, the office its central queue."""

from functools import wraps
from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.requests import AuthenticatedHttpRequest

from ..models import CannedReply, Queue, QueueMembership
from ..queue_forms import CannedReplyForm, MemberAddForm, QueueSettingsForm, TopicQueueForm
from ..queue_selectors import (
    can_add_topic_queue,
    managed_queue,
    managed_queues,
    queue_canned_replies,
    queue_memberships,
    sibling_topic_queues,
)
from ..services import queues as services


def _denied_as_not_found(view):
    """A right lost between the page and the service still looks like any other foreign queue."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            raise Http404 from error

    return wrapped


def _add_errors(form: forms.Form, error: ValidationError, field: str | None = None) -> None:
    """Show a service's refusal on the form: on the fields it names, else on ``field``."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error)


def _back(queue: Queue, section: str) -> HttpResponse:
    return redirect(f"{reverse('queue:manage_queue', args=[queue.pk])}#{section}")


def _topic_form(request: AuthenticatedHttpRequest, queue: Queue, data=None) -> TopicQueueForm | None:
    """The form to add a topic queue: on a university's default queue, for its coordinators."""
    university = queue.university
    if university is None or queue.topic or not can_add_topic_queue(request.user, university):
        return None
    taken = set(Queue.objects.filter(university=university).values_list("topic", flat=True))
    return TopicQueueForm(data, taken=taken)


def _page(
    request: AuthenticatedHttpRequest,
    queue: Queue,
    *,
    status: int = HTTPStatus.OK,
    settings_form: QueueSettingsForm | None = None,
    member_form: MemberAddForm | None = None,
    canned_form: CannedReplyForm | None = None,
    edited: tuple[int, CannedReplyForm] | None = None,
    topic_form: TopicQueueForm | None = None,
) -> HttpResponse:
    replies = []
    for reply in queue_canned_replies(queue):
        if edited is not None and edited[0] == reply.pk:
            replies.append((reply, edited[1]))
        else:
            replies.append((reply, CannedReplyForm.for_reply(reply)))
    context = {
        "queue": queue,
        "settings_form": settings_form or QueueSettingsForm.for_queue(queue),
        "memberships": queue_memberships(queue),
        "member_form": member_form or MemberAddForm(),
        "replies": replies,
        "canned_form": canned_form or CannedReplyForm.for_reply(None),
        "topic_form": topic_form or _topic_form(request, queue),
        "topic_queues": sibling_topic_queues(queue),
        "has_errors": status == HTTPStatus.BAD_REQUEST,
    }
    return render(request, "enquiries/queue_admin/detail.html", context, status=status)


@login_required
@require_safe
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    queues = list(managed_queues(request.user))
    if not queues:
        raise Http404
    return render(request, "enquiries/queue_admin/list.html", {"queues": queues})


@login_required
@require_safe
def manage_queue(request: AuthenticatedHttpRequest, queue_id: int) -> HttpResponse:
    return _page(request, managed_queue(request.user, queue_id))


@login_required
@require_POST
@_denied_as_not_found
def manage_settings(request: AuthenticatedHttpRequest, queue_id: int) -> HttpResponse:
    queue = managed_queue(request.user, queue_id)
    form = QueueSettingsForm.for_queue(queue, request.POST)
    if form.is_valid():
        try:
            services.queue_update(queue=queue, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The queue's settings have been saved."))
            return _back(queue, "settings")
    return _page(request, queue, status=HTTPStatus.BAD_REQUEST, settings_form=form)


@login_required
@require_POST
@_denied_as_not_found
def manage_members(request: AuthenticatedHttpRequest, queue_id: int) -> HttpResponse:
    queue = managed_queue(request.user, queue_id)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            membership = services.queue_member_add(
                queue=queue, user_email=form.cleaned_data["email"], by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error, "email")
        else:
            messages.success(request, _("%(person)s now triages this queue.") % {"person": membership.user})
            return _back(queue, "members")
    return _page(request, queue, status=HTTPStatus.BAD_REQUEST, member_form=form)


@login_required
@require_POST
@_denied_as_not_found
def manage_member_remove(request: AuthenticatedHttpRequest, queue_id: int, user_id: int) -> HttpResponse:
    queue = managed_queue(request.user, queue_id)
    membership = get_object_or_404(
        QueueMembership.objects.select_related("user"), queue=queue, user_id=user_id
    )
    try:
        services.queue_member_remove(queue=queue, user=membership.user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s no longer triages this queue.") % {"person": membership.user})
    return _back(queue, "members")


@login_required
@require_POST
@_denied_as_not_found
def manage_canned(request: AuthenticatedHttpRequest, queue_id: int) -> HttpResponse:
    queue = managed_queue(request.user, queue_id)
    form = CannedReplyForm.for_reply(None, request.POST)
    if form.is_valid():
        try:
            services.canned_reply_save(queue=queue, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The canned reply has been added."))
            return _back(queue, "canned")
    return _page(request, queue, status=HTTPStatus.BAD_REQUEST, canned_form=form)


@login_required
@require_POST
@_denied_as_not_found
def manage_canned_edit(request: AuthenticatedHttpRequest, queue_id: int, canned_id: int) -> HttpResponse:
    queue = managed_queue(request.user, queue_id)
    reply = get_object_or_404(CannedReply, pk=canned_id, queue=queue)
    form = CannedReplyForm.for_reply(reply, request.POST)
    if form.is_valid():
        try:
            services.canned_reply_save(queue=queue, by=request.user, canned_reply=reply, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The canned reply has been saved."))
            return _back(queue, f"canned-{reply.pk}")
    return _page(request, queue, status=HTTPStatus.BAD_REQUEST, edited=(reply.pk, form))


@login_required
@require_POST
@_denied_as_not_found
def manage_canned_delete(request: AuthenticatedHttpRequest, queue_id: int, canned_id: int) -> HttpResponse:
    queue = managed_queue(request.user, queue_id)
    reply = get_object_or_404(CannedReply, pk=canned_id, queue=queue)
    services.canned_reply_delete(canned_reply=reply, by=request.user)
    messages.success(request, _("The canned reply “%(title)s” has been deleted.") % {"title": reply.title})
    return _back(queue, "canned")


@login_required
@require_POST
@_denied_as_not_found
def manage_topics(request: AuthenticatedHttpRequest, queue_id: int) -> HttpResponse:
    queue = managed_queue(request.user, queue_id)
    form = _topic_form(request, queue, request.POST)
    if form is None or queue.university is None:  # a topic queue belongs to a university's default one
        raise Http404
    if form.is_valid():
        try:
            created = services.topic_queue_create(
                university=queue.university,
                topic=form.cleaned_data["topic"],
                name=form.cleaned_data["name"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error, "topic")
        else:
            messages.success(
                request,
                _("The queue “%(name)s” has been created: add the people who triage it.")
                % {"name": created.name},
            )
            return _back(queue, "topics")
    return _page(request, queue, status=HTTPStatus.BAD_REQUEST, topic_form=form)
