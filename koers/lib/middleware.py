"""Responses for a signed-in person are never stored by a browser or a proxy.

Pages, PDFs, calendar files and exports of a signed-in person hold personal data; a shared
computer's cache or a proxy must not keep them (issue 10). Static files never get here:
WhiteNoise, earlier in the chain, answers them itself.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """``Cache-Control: no-store`` (and its older companions) on every response to a request
    that was or ended signed in (a logout's response included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        was_signed_in = _signed_in(request)
        response = self.get_response(request)
        if was_signed_in or _signed_in(request):
            add_never_cache_headers(response)
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
