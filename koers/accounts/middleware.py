from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from koers.accounts.second_factor import has_second_factor, needs_second_factor


class UserLanguageMiddleware:
    """Activate the language a signed-in user chose on their profile page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


# The pages someone without their required second factor may still open: enrolling one (the
# allauth.mfa pages, and confirming the password before it), signing out, the language.
# Public pages (``login_not_required``: login, password reset, activation) stay open too.
ENROL_URL_NAMES = frozenset({"account_reauthenticate", "logout", "account_logout", "set_language"})


class SecondFactorMiddleware:
    """Issue 10: HR, org admins and superusers (and managers, when their organisation says so)
    cannot use Koers until they have enrolled a second factor: every other page sends them to
    the enrol page. Placed after ``LoginRequiredMiddleware`` and ``ActorMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        if not needs_second_factor(request.actor, user) or has_second_factor(user):
            return None
        request.second_factor_missing = True
        name = request.resolver_match.url_name if request.resolver_match else ""
        if name in ENROL_URL_NAMES or (name or "").startswith("mfa_"):
            return None
        return HttpResponseRedirect(reverse("mfa_index"))
