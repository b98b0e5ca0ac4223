from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.mfa import second_factor_step, second_factor_url
from accounts.requests import AuthenticatedHttpRequest

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 30


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    hidden = selectors.withheld(request.user, page.object_list)
    for notification in page.object_list:
        notification.withheld = notification.pk in hidden
    step = second_factor_step(request.user) if hidden else None
    unlock = second_factor_url(step, request.get_full_path()) if step else ""
    return render(request, "notifications/index.html", {"page": page, "second_factor_url": unlock})


@login_required
@require_POST
def open_notification(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Mark a notification read and go to the page it is about."""
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    services.notifications_mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.link and url_has_allowed_host_and_scheme(notification.link, {request.get_host()}):
        return redirect(notification.link)
    return redirect("notifications:index")


@login_required
@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:index")


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial_choices=selectors.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification preferences have been saved."))
        return redirect("notifications:preferences")
    return render(
        request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200
    )
