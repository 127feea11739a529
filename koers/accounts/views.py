"""Home, profile, password reset. Sign-in and the second factor are allauth's views; password
reset and change are Django's, with Koers templates."""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from koers.access.views import visible
from koers.accounts import actions
from koers.accounts.forms import ProfileForm
from koers.lib import concurrency
from koers.organisations.models import Employee, Role


def home(request: HttpRequest) -> HttpResponse:
    """Role-aware start page: each role sees where to go next."""
    actor = request.actor
    context: dict[str, object] = {}
    if actor.has_role(Role.MANAGER):
        context["team_members"] = (
            visible(Employee, actor)
            .filter(team_id__in=actor.led_team_ids)
            .in_service()
            .select_related("team")
            .order_by("last_name", "first_name")
        )
    if actor.has_role(Role.HR, Role.ORG_ADMIN):
        context["people_count"] = visible(Employee, actor).in_service().count()
    return render(request, "home.html", context)


def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(
        request.POST or None,
        instance=request.user,
        of_values=True,
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        try:
            actions.set_language(
                request.actor, request.user, language, expected_revision=form.expected_revision
            )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict_on(form, stale, request.POST)
            return render(
                request, "accounts/profile.html", {"form": form, "conflict": conflict}, status=409
            )
        translation.activate(language)
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view with allauth's rate limit ``reset_password`` (settings.py): so many
    mails per address (IP) and per e-mail address in 15 minutes, then a 429 page in Dutch."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        too_many = ratelimit.consume_or_429(
            self.request, action="reset_password", key=form.cleaned_data["email"].lower()
        )
        return too_many or super().form_valid(form)
