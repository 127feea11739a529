"""Trajectories (004): plan a series of talks on one theme; the series page with its talks
("gesprek 2 van 4") and its summary."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.access import policy
from koers.access.once import Duplicate, token_of
from koers.access.views import get_visible_or_404, requires_role, visible
from koers.conversations import queries, trajectories
from koers.conversations.actions import series
from koers.conversations.forms_series import SeriesForm, SummaryForm
from koers.conversations.models import Trajectory
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.organisations.models import Employee, Role


@requires_role(Role.MANAGER)
def series_plan(request: HttpRequest) -> HttpResponse:
    """004: "soms beslaat een loopbaangesprek een traject van een gesprek of vier"."""
    actor = request.actor
    members = list(
        visible(Employee, actor)
        .filter(team_id__in=actor.led_team_ids)
        .exclude(pk=actor.employee_id)
        .in_service()
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )
    initial: dict[str, object] = {"duration_minutes": 60}
    if request.GET.get("employee", "").isdigit():
        initial["employee"] = request.GET["employee"]
    form = SeriesForm(
        request.POST or None,
        initial=initial,
        members=members,
        types=list(queries.active_conversation_types(actor)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trajectory = series.plan_series(
                actor,
                employee=data["employee"],
                conversation_type=data["conversation_type"],
                theme=data["theme"],
                talk_count=data["talk_count"],
                first_starts_at=form.starts_at(),
                weeks_between=data["weeks_between"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                short_notice_confirmed=data["confirm_short_notice"],
                base_url=getattr(settings, "KOERS_BASE_URL", "") or request.build_absolute_uri("/"),
                token=token_of(form),
            )
        except Duplicate as duplicate:
            form.add_error(None, duplicate.message)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("Het traject is gepland: %(count)s gesprekken; de uitnodigingen gaan eruit.")
                % {"count": trajectory.talk_count},
            )
            return redirect("conversation-series", pk=trajectory.pk)
    return render(request, "conversations/series_plan.html", {"form": form})


def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The series: its theme, every talk with its number, and the summary for the POP."""
    actor = request.actor
    trajectory = get_visible_or_404(Trajectory.objects.select_related("employee"), actor, pk=pk)
    may_summarise = policy.allows(actor, "summarise", trajectory)
    form = SummaryForm(request.POST or None, instance=trajectory) if may_summarise else None
    conflict = None
    if request.method == "POST":
        if form is None:
            return redirect("conversation-series", pk=trajectory.pk)
        if form.is_valid():
            try:
                series.save_series_summary(
                    actor,
                    trajectory,
                    form.cleaned_data["summary"],
                    expected_revision=form.expected_revision,
                )
            except concurrency.StaleEdit as stale:
                conflict = concurrency.conflict_on(form, stale, request.POST)
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("De samenvatting is opgeslagen."))
                return redirect("conversation-series", pk=trajectory.pk)
    return render(
        request,
        "conversations/series_detail.html",
        {
            "trajectory": trajectory,
            "talks": trajectories.series_talks(trajectory, actor),
            "form": form,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )
