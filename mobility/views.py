import os
from http import HTTPStatus

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rest_framework.exceptions import NotFound

from enquiries.selectors import contacts_for

from .celery import app as celery_app


def home(request: HttpRequest) -> HttpResponse:
    """Tell a signed-in person whom to contact to get involved; introduce the hub otherwise."""
    if not request.user.is_authenticated:
        return render(request, "home_anonymous.html")
    return render(request, "home.html", {"contacts": contacts_for(request.user)})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer an unknown address under /api/ in JSON, as the API's schema says; pages as usual."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=HTTPStatus.NOT_FOUND)
    return defaults.page_not_found(request, exception)


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Report whether the database and the Celery broker answer (503 when one does not)."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"} | {k: "ok" if v else "error" for k, v in checks.items()}
    return JsonResponse(body, status=HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            if conn.transport_cls == "filesystem":
                # The embedded broker "connects" always; it works if its folder is writable.
                folder = celery_app.conf.broker_transport_options["data_folder_out"]
                return os.access(folder, os.W_OK)
            return True
    except Exception:
        return False
