"""Home, profile; login and password reset are Django's own views with Koers templates."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from koers.access.views import visible
from koers.accounts import actions
from koers.accounts.forms import ProfileForm
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
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        actions.set_language(request.actor, request.user, language)
        translation.activate(language)
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form})
