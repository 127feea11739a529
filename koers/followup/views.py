"""Follow-up pages: the role-aware dashboard, the progress timeline of a plan, the one-click
course question, the notification list and its settings.

Scope: plans through ``DevelopmentPlan.objects.visible_to``; progress notes are for the
employee and their current manager (HR sees the plan, not the notes: 403); a notice is
for its recipient only (someone else's is a 404).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access.once import token_of
from koers.access.views import get_visible_or_404, requires_role, visible
from koers.conversations.queries import talks_to_rate
from koers.followup import actions, charts
from koers.followup.forms import ChannelForm, CheckInForm, CourseCheckForm, IntervalForm
from koers.followup.models import Channel, CourseAnswer, Notice, NotificationPreference
from koers.followup.notice_texts import with_texts
from koers.followup.queries.checks import (
    can_write_check_in,
    course_check_open,
    course_start_questions,
    may_set_interval,
)
from koers.followup.queries.employee import my_course
from koers.followup.queries.hr import hr_figures
from koers.followup.queries.notices import notices_for, unread_count
from koers.followup.queries.progress import plan_for_progress, progress_timeline
from koers.followup.queries.team import team_board
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.organisations.models import Employee, Role, Team
from koers.plans.models import Activity

PAGE_SIZE = 25


def _require_employee(request: HttpRequest) -> None:
    if request.actor.employee_id is None:
        raise Http404


def _tabs(request: HttpRequest, current: str) -> list[dict[str, object]]:
    actor = request.actor
    tabs = [("dashboard-me", _("Mijn koers"))]
    if actor.has_role(Role.MANAGER):
        tabs.append(("dashboard-team", _("Mijn team")))
    if actor.has_role(Role.HR):
        tabs.append(("dashboard-hr", _("Organisatie")))
    return [{"url_name": name, "label": label, "current": name == current} for name, label in tabs]


def dashboard(request: HttpRequest) -> HttpResponse:
    """Role-aware: HR sees the organisation's figures, a manager their team, everyone else
    their own course."""
    _require_employee(request)
    if request.actor.has_role(Role.HR):
        return dashboard_hr(request)
    if request.actor.has_role(Role.MANAGER):
        return dashboard_team(request)
    return dashboard_me(request)


def dashboard_me(request: HttpRequest) -> HttpResponse:
    _require_employee(request)
    course = my_course(request.actor)
    return render(
        request,
        "followup/dashboard_me.html",
        {
            "course": course,
            # 004 Afsluiting: held talks the employee has not said anything about yet.
            "to_rate": list(talks_to_rate(request.actor)[:3]),
            "tabs": _tabs(request, "dashboard-me"),
            "progress_chart": charts.progress_chart(course.progress),
        },
    )


@requires_role(Role.MANAGER)
def dashboard_team(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    team = request.GET.get("team", "")
    board = team_board(actor, request.GET.get("show", "all"), int(team) if team.isdigit() else None)
    teams = []
    if len(actor.led_team_ids) > 1:
        teams = list(visible(Team, actor).filter(pk__in=actor.led_team_ids).order_by("name"))
    return render(
        request,
        "followup/dashboard_team.html",
        {
            "board": board,
            "teams": teams,
            "team": team,
            "tabs": _tabs(request, "dashboard-team"),
            "filters": [
                (key, label, board.counts[key])
                for key, label in (
                    ("all", _("Iedereen")),
                    ("talk", _("Gesprek nodig")),
                    ("late", _("Achter op schema")),
                    ("no_plan", _("Zonder POP")),
                )
            ],
        },
    )


@requires_role(Role.HR)
def dashboard_hr(request: HttpRequest) -> HttpResponse:
    figures = hr_figures(request.actor)
    return render(
        request,
        "followup/dashboard_hr.html",
        {
            "figures": figures,
            "tabs": _tabs(request, "dashboard-hr"),
            "coverage_chart": charts.share_chart(
                "coverage",
                _("Gesprek gehad binnen de termijn, per afdeling"),
                [(d.name, d.covered, d.people) for d in figures.departments],
            ),
            "signed_chart": charts.share_chart(
                "signed",
                _("Getekend POP, per afdeling"),
                [(d.name, d.signed, d.people) for d in figures.departments],
            ),
            "kept_chart": charts.share_chart(
                "kept",
                _("Toezeggingen van de werkgever op tijd nagekomen, per afdeling"),
                [(d.name, d.kept_on_time, d.commitments_due) for d in figures.departments],
            ),
            "score_chart": charts.score_chart(
                _("Gemiddeld cijfer voor het gesprek (1 tot 5), per afdeling"), figures.scores
            ),
            "cost_chart": charts.cost_chart(
                _("Kosten gepland, uitgegeven en budget, per afdeling"), figures.budget
            ),
        },
    )


def interval_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """002 step 4: the talk frequency agreed with this employee (HR or their manager)."""
    _require_employee(request)
    employee = get_visible_or_404(
        Employee.objects.select_related("organisation"), request.actor, pk=pk
    )
    if not may_set_interval(employee, request.actor):
        raise PermissionDenied
    current = getattr(employee, "conversation_interval", None)
    months = current.months if current else None
    form = IntervalForm(
        request.POST or None,
        initial={"months": months},
        of_values=True,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_interval(
                request.actor,
                employee,
                form.cleaned_data["months"],
                expected_revision=form.expected_revision,
            )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict_on(form, stale, request.POST)
        else:
            messages.success(request, _("De gesprekstermijn is opgeslagen."))
            return redirect(
                "dashboard-team" if request.actor.has_role(Role.MANAGER) else "dashboard"
            )
    return render(
        request,
        "followup/interval_form.html",
        {
            "form": form,
            "employee": employee,
            "organisation": employee.organisation,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


# --- progress ------------------------------------------------------------------------------


def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """001 "Uitvoeren en voortgang volgen": the plan's progress notes and status changes as a
    timeline, and a note to add."""
    actor = request.actor
    plan = plan_for_progress(actor, pk)
    if not can_write_check_in(plan, actor):
        raise PermissionDenied
    form = CheckInForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        point_id, activity_id = form.target()
        try:
            actions.add_check_in(
                actor,
                plan,
                point_id=point_id,
                activity_id=activity_id,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                token=token_of(form),
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Uw notitie is opgeslagen."))
            return redirect("plan-progress", pk=plan.pk)
    return render(
        request,
        "followup/plan_progress.html",
        {
            "plan": plan,
            "form": form,
            "timeline": progress_timeline(plan, actor),
            "course_starts": course_start_questions(plan, actor),
            "answers": CourseAnswer.choices,
        },
    )


def course_check(request: HttpRequest, pk: int) -> HttpResponse:
    """001: "Is de cursus echt begonnen? Hoe gaat het?" — one click: ja, nog niet, gestopt."""
    actor = request.actor
    activity = get_visible_or_404(
        Activity.objects.select_related("point__plan__employee__team"), actor, pk=pk
    )
    if activity.point.plan.employee_id != actor.employee_id:
        raise PermissionDenied
    form = CourseCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_course_check(
                actor, activity, form.cleaned_data["answer"], form.cleaned_data["note"]
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Dank u wel. Uw antwoord staat bij de voortgang."))
            return redirect("plan-progress", pk=activity.point.plan_id)
    return render(
        request,
        "followup/course_check.html",
        {
            "activity": activity,
            "form": form,
            "answers": CourseAnswer.choices,
            "is_open": course_check_open(activity),
        },
    )


# --- notices -------------------------------------------------------------------------------


def notification_list(request: HttpRequest) -> HttpResponse:
    _require_employee(request)
    notices = notices_for(request.actor)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_texts(page.object_list)  # in the reader's language
    return render(
        request,
        "followup/notification_list.html",
        {"page": page, "unread": unread_count(request.actor)},
    )


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    _require_employee(request)
    notice = get_visible_or_404(Notice, request.actor, pk=pk)
    actions.mark_read(request.actor, notice)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notification-list")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    _require_employee(request)
    actions.mark_all_read(request.actor)
    messages.success(request, _("Alle meldingen zijn gelezen."))
    return redirect("notification-list")


def notification_settings(request: HttpRequest) -> HttpResponse:
    """Each user chooses: e-mail (and in Koers), or in Koers only."""
    _require_employee(request)
    preference = NotificationPreference.objects.filter(user=request.user).first()
    channel = preference.channel if preference else Channel.EMAIL
    form = ChannelForm(
        request.POST or None,
        initial={"channel": channel},
        of_values=True,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_channel(
                request.actor,
                form.cleaned_data["channel"],
                expected_revision=form.expected_revision,
            )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict_on(form, stale, request.POST)
        else:
            messages.success(request, _("Uw keuze is opgeslagen."))
            return redirect("notification-list")
    return render(
        request,
        "followup/notification_settings.html",
        {
            "form": form,
            "has_email": bool(request.actor.employee.email),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )
