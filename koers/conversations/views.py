"""Conversation pages: lists, planning and invitations (preparation: ``views_prepare``).

Scope: ``Conversation.objects.visible_to`` (employee: own; manager: current team; HR: the
organisation). Planning, rescheduling and cancelling are for the employee's current manager;
preparation for the two people in the talk. Anything else is a 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.access.once import Duplicate, token_of
from koers.access.views import get_visible_or_404, requires_role, visible
from koers.conversations import invitations, queries, talk, trajectories
from koers.conversations.actions import planning
from koers.conversations.forms import (
    CancelForm,
    ConversationFilterForm,
    PlanForm,
    RescheduleForm,
)
from koers.conversations.ics import invitation_ics
from koers.conversations.models import (
    Audience,
    Conversation,
    Side,
    Status,
)
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.lib.paging import page_then_fill
from koers.lib.pdf import pdf_response, render_pdf
from koers.organisations.models import Employee, Role, Team

REPORT_STATUSES = (Status.HELD, Status.REPORTED, Status.SIGNED)


def _base_url(request: HttpRequest) -> str:
    return getattr(settings, "KOERS_BASE_URL", "") or request.build_absolute_uri("/")


def _conversation(request: HttpRequest, pk: int) -> Conversation:
    return get_visible_or_404(
        Conversation.objects.select_related(
            "employee__team", "manager", "conversation_type", "organisation", "template"
        ),
        request.actor,
        pk=pk,
    )


def _led_conversation(request: HttpRequest, pk: int) -> Conversation:
    """A talk the actor conducts as the employee's current manager."""
    return get_visible_or_404(
        Conversation.objects.led_by(request.actor).select_related(
            "employee__team", "manager", "conversation_type", "organisation"
        ),
        request.actor,
        pk=pk,
    )


def _party_conversation(request: HttpRequest, pk: int) -> tuple[Conversation, str]:
    """A talk the actor takes part in, with their side; HR and others get 404."""
    conversation = get_visible_or_404(
        queries.party_conversations(request.actor).select_related(
            "employee__team", "manager", "conversation_type", "organisation", "template"
        ),
        request.actor,
        pk=pk,
    )
    side = queries.side_of(request.actor, conversation)
    if side is None:  # pragma: no cover - party_conversations already excludes this
        raise Http404
    return conversation, side


# ---------------------------------------------------------------------------------------------
# Lists


def conversation_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    if actor.employee_id is None:
        raise PermissionDenied
    context: dict[str, object] = {}
    context["mine"] = queries.my_conversations(actor)
    context["next_conversation"] = next((c for c in context["mine"] if c.is_open), None)
    context["reports_to_sign"] = queries.reports_to_sign(context["mine"])
    if actor.has_role(Role.MANAGER):
        context["overview"] = queries.manager_overview(actor)
    if actor.has_role(Role.HR):
        organisation = actor.organisation
        form = ConversationFilterForm(request.GET or None, organisation=organisation)
        filters = form.cleaned_data if form.is_valid() else {}
        rows = queries.organisation_conversations(actor, filters)
        page = page_then_fill(
            rows,
            request.GET.get("page"),
            settings.KOERS_PAGE_SIZE,
            lambda pks: queries.with_people(actor, pks),
        )
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "filter_form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": queries.status_counts(actor),
        }
    return render(request, "conversations/conversation_list.html", context)


# ---------------------------------------------------------------------------------------------
# Planning and invitations


@requires_role(Role.MANAGER)
def conversation_plan(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    types = list(queries.active_conversation_types(actor))
    teams = list(visible(Team, actor).filter(pk__in=actor.led_team_ids).order_by("name"))
    members = list(
        visible(Employee, actor)
        .filter(team_id__in=actor.led_team_ids)
        .exclude(pk=actor.employee_id)
        .in_service()
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )
    initial = {"duration_minutes": 60, "gap_minutes": 15}
    if request.GET.get("employee", "").isdigit():
        initial["who"] = f"employee-{request.GET['employee']}"
    form = PlanForm(
        request.POST or None, initial=initial, teams=teams, members=members, types=types
    )
    if request.method == "POST" and form.is_valid():
        who = form.cleaned_data["who"]
        values = {
            "conversation_type": form.cleaned_data["conversation_type"],
            "duration_minutes": form.cleaned_data["duration_minutes"],
            "place": form.cleaned_data["place"],
            "short_notice_confirmed": form.cleaned_data["confirm_short_notice"],
            "base_url": _base_url(request),
            "token": token_of(form),
        }
        try:
            if isinstance(who, Team):
                if "confirm" not in request.POST or "back" in request.POST:
                    return _team_preview(request, form, who)
                result = planning.plan_for_team(
                    actor,
                    team=who,
                    first_starts_at=form.starts_at(),
                    gap_minutes=form.cleaned_data["gap_minutes"],
                    previewed=request.POST.get("schedule", ""),
                    **values,
                )
            else:
                result = planning.plan_conversation(
                    actor, employee=who, starts_at=form.starts_at(), **values
                )
        except Duplicate as duplicate:
            messages.info(request, duplicate.message)
            return redirect("conversation-detail", pk=duplicate.existing.pk)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            return _planned(request, result)
    return render(
        request,
        "conversations/conversation_plan.html",
        {"form": form},
    )


def _team_preview(request: HttpRequest, form: PlanForm, team: Team) -> HttpResponse:
    """004: before anything is made or sent, every slot of the team (person, day, time)."""
    if "back" in request.POST:
        return render(request, "conversations/conversation_plan.html", {"form": form})
    try:
        schedule = queries.team_schedule(
            request.actor,
            team,
            first_starts_at=form.starts_at(),
            duration_minutes=form.cleaned_data["duration_minutes"],
            gap_minutes=form.cleaned_data["gap_minutes"],
        )
    except Refused as refused:
        form.add_error(None, refused.message)
        return render(request, "conversations/conversation_plan.html", {"form": form})
    return render(
        request,
        "conversations/conversation_plan_preview.html",
        {
            "form": form,
            "team": team,
            "schedule": schedule,
            "duration": form.cleaned_data["duration_minutes"],
            "organisation": request.actor.organisation,
        },
    )


def _planned(request: HttpRequest, result: Conversation | planning.TeamPlan) -> HttpResponse:
    if isinstance(result, Conversation):
        messages.success(request, _("Het gesprek is gepland."))
        return redirect("conversation-detail", pk=result.pk)
    if result.repeated:  # the same form again: the first submission said what it did
        return redirect("conversation-list")
    messages.success(
        request,
        _("%(count)s gesprekken gepland; de uitnodigingen zijn verstuurd.")
        % {"count": len(result.planned)},
    )
    if result.skipped:
        messages.info(
            request,
            _("Niet opnieuw gepland (heeft al een gesprek): %(names)s")
            % {"names": ", ".join(e.full_name for e in result.skipped)},
        )
    return redirect("conversation-list")


def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation(request, pk)
    actor = request.actor
    side = queries.side_of(actor, conversation)
    return render(
        request,
        "conversations/conversation_detail.html",
        {
            "conversation": conversation,
            "side": side,
            "can_manage": side == Side.MANAGER,
            "talk_open": conversation.status in talk.TALK_STATUSES,
            "show_report": conversation.status in REPORT_STATUSES
            and (side is not None or conversation.status == Status.SIGNED),
            "phases": list(conversation.template.phases.all()),
            "invitations": list(conversation.invitations.all()),
            "plan": queries.plan_of(conversation, actor),
            "can_make_plan": side == Side.MANAGER and conversation.status in REPORT_STATUSES,
            "series": trajectories.place_of(conversation),
            # 004 Afsluiting: the employee's own answer; the manager reads it.
            "show_rating": side is not None and conversation.status in REPORT_STATUSES,
            "rating": talk.rating_of(conversation) if side is not None else None,
            "may_rate": side == Side.EMPLOYEE and talk.may_rate(conversation),
        },
    )


def conversation_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitation in one's own calendar: for the employee and the manager of the talk
    (HR reads the talk, but is not invited to it)."""
    conversation, _side = _party_conversation(request, pk)
    body = invitation_ics(
        conversation,
        description=invitations.invitation_description(conversation, _base_url(request)),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gesprek-{conversation.pk}.ics"'
    return response


def conversation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """001 step 1: a personal letter, to the home address when the organisation keeps it;
    for the employee it is addressed to and the manager who sends it, not for HR."""
    conversation, _side = _party_conversation(request, pk)
    context = invitations.invitation_context(conversation, _base_url(request))
    context["show_address"] = conversation.organisation.keeps_address and bool(
        conversation.employee.street
    )
    context["today"] = timezone.localdate()
    context["questions"] = conversation.template.questions.filter(audience=Audience.EMPLOYEE)
    with translation.override(invitations.recipient_language(conversation.employee)):
        pdf = render_pdf("conversations/letter.html", context, request=request)
    return pdf_response(pdf, f"uitnodiging-{conversation.pk}.pdf", inline=True)


@requires_role(Role.MANAGER)
def conversation_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _led_conversation(request, pk)
    if not conversation.is_open:
        raise Http404
    form = RescheduleForm(
        request.POST or None,
        initial=conversation.when_values(),
        revision=conversation.sequence,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            planning.reschedule(
                request.actor,
                conversation,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                place=form.cleaned_data["place"],
                short_notice_confirmed=form.cleaned_data["confirm_short_notice"],
                base_url=_base_url(request),
                expected_revision=form.expected_revision,
            )
        except concurrency.StaleEdit as stale:
            mine = {name: form.cleaned_data[name] for name in stale.stored}
            conflict = concurrency.conflict(stale, mine, form=form, posted=request.POST)
            concurrency.with_revision(form, conflict.revision)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Het gesprek is verzet; de medewerker krijgt bericht."))
            return redirect("conversation-detail", pk=conversation.pk)
    return render(
        request,
        "conversations/conversation_reschedule.html",
        {"form": form, "conversation": conversation, "conflict": conflict},
        status=409 if conflict else 200,
    )


@requires_role(Role.MANAGER)
def conversation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _led_conversation(request, pk)
    if not conversation.is_open:
        raise Http404
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            planning.cancel(
                request.actor,
                conversation,
                reason=form.cleaned_data["reason"],
                base_url=_base_url(request),
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Het gesprek is afgezegd; de medewerker krijgt bericht."))
            return redirect("conversation-detail", pk=conversation.pk)
    return render(
        request,
        "conversations/conversation_cancel.html",
        {"form": form, "conversation": conversation},
    )
