"""The database away (locked, missing, the server down): a plain 503 page with ``Retry-After``
instead of a 500, rendered without touching the database (no session, no actor, no menu).
The next request tries the database again, so Koers recovers without a restart.

Two doors lead here, because Django turns an exception into a response at every middleware:
``DatabaseUnavailableMiddleware`` (high in MIDDLEWARE) answers for errors in views and
templates; ``server_error`` (``handler500``) for errors in a middleware, e.g. the session
loading or saving itself.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

DATABASE_AWAY = (OperationalError, InterfaceError)


def unavailable_response(exception: BaseException) -> HttpResponse:
    """503 with Retry-After; the template gets no request, so no context processor runs."""
    logger.warning("database unavailable: %s", exception)
    retry_after = settings.KOERS_RETRY_AFTER_SECONDS
    body = loader.get_template("503.html").render({"retry_after": retry_after})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """An ``OperationalError`` or ``InterfaceError`` from a view answers 503, not 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_AWAY):
            return unavailable_response(exception)
        return None


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: Django calls it while handling the exception, so it is at hand."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_AWAY):
        return unavailable_response(exception)
    try:
        return django_server_error(request, template_name=template_name)
    except Exception:  # the 500 page itself failed: still answer
        return HttpResponseServerError("<h1>Er ging iets mis</h1>", content_type="text/html")
