"""Conversation pages: lists, planning and invitations, preparation.

Scope: ``Conversation.objects.visible_to`` (employee: own; manager: current team; HR: the
organisation). Planning, rescheduling and cancelling are for the employee's current manager;
preparation for the two people in the talk. Anything else is a 404.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access.once import Duplicate, token_of
from koers.access.views import get_visible_or_404, requires_role, visible
from koers.conversations import invitations, queries, talk, trajectories
from koers.conversations.actions import planning, preparation
from koers.conversations.forms import (
    AgendaPointForm,
    CancelForm,
    ConversationFilterForm,
    PlanForm,
    RescheduleForm,
)
from koers.conversations.ics import invitation_ics
from koers.conversations.models import (
    AgendaPoint,
    Audience,
    Conversation,
    Side,
    Status,
    TemplateQuestion,
)
from koers.lib import concurrency
from koers.lib.errors import Refused
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
        page = Paginator(rows, settings.KOERS_PAGE_SIZE).get_page(request.GET.get("page"))
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


# ---------------------------------------------------------------------------------------------
# Preparation


def _question_for(conversation: Conversation, actor, question_id: int) -> tuple:
    """The question and the side that writes it: the actor's own list, or — for a manager with
    an employee without login — the employee's list, filled in together."""
    question = conversation.template.questions.filter(pk=question_id).first()
    if question is None:
        raise Http404
    side = queries.side_of(actor, conversation)
    if side == Side.EMPLOYEE and question.audience == Audience.EMPLOYEE:
        return question, side, False
    if side == Side.MANAGER and question.audience == Audience.MANAGER:
        return question, side, False
    if (
        side == Side.MANAGER
        and question.audience == Audience.EMPLOYEE
        and queries.may_prepare_together(conversation)
    ):
        return question, Side.EMPLOYEE, True
    raise Http404


def conversation_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    """001 step 2: answer the own list (saved per answer; come back any time)."""
    conversation, side = _party_conversation(request, pk)
    own_audience = Audience.EMPLOYEE if side == Side.EMPLOYEE else Audience.MANAGER
    if request.method == "POST":
        if not conversation.is_open:
            raise Http404
        answers = _posted_answers(request, conversation, own_audience)
        try:
            preparation.save_answers(
                request.actor,
                conversation,
                side=side,
                answers=answers,
                expected_revisions=_posted_revisions(request, answers),
            )
        except concurrency.StaleEdit as stale:
            conflict = _answer_conflict(request, stale, answers)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("conversation-prepare", pk=conversation.pk)
        else:
            messages.success(request, _("Uw antwoorden zijn opgeslagen."))
            return redirect("conversation-prepare", pk=conversation.pk)
    else:
        conflict = None
    return render(
        request,
        "conversations/conversation_prepare.html",
        {
            "conversation": conversation,
            "prep": queries.preparation_for(conversation, request.actor, side),
            "agenda_form": AgendaPointForm(),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@requires_role(Role.MANAGER)
def conversation_prepare_together(request: HttpRequest, pk: int) -> HttpResponse:
    """001 step 2 for an employee without a login: the manager fills in the employee's list
    together with them; recorded as prepared together."""
    conversation = _led_conversation(request, pk)
    if not queries.may_prepare_together(conversation):
        raise PermissionDenied
    if request.method == "POST":
        if not conversation.is_open:
            raise Http404
        answers = _posted_answers(request, conversation, Audience.EMPLOYEE)
        try:
            preparation.save_answers(
                request.actor,
                conversation,
                side=Side.EMPLOYEE,
                answers=answers,
                together=True,
                expected_revisions=_posted_revisions(request, answers),
            )
        except concurrency.StaleEdit as stale:
            conflict = _answer_conflict(request, stale, answers)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("conversation-prepare-together", pk=conversation.pk)
        else:
            messages.success(request, _("De antwoorden van de medewerker zijn opgeslagen."))
            return redirect("conversation-prepare-together", pk=conversation.pk)
    else:
        conflict = None
    return render(
        request,
        "conversations/conversation_prepare_together.html",
        {
            "conversation": conversation,
            "rows": queries.together_rows(conversation),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _posted_answers(
    request: HttpRequest, conversation: Conversation, audience: str
) -> dict[int, str]:
    question_ids = TemplateQuestion.objects.filter(
        template_id=conversation.template_id, audience=audience
    ).values_list("pk", flat=True)
    return {
        qid: request.POST[f"answer-{qid}"][:5000]
        for qid in question_ids
        if f"answer-{qid}" in request.POST
    }


def saved_status(request: HttpRequest, revision: int, token_id: str) -> HttpResponse:
    """An autosave's answer: the "saved" line, and the new token swapped into the form."""
    return render(
        request,
        "conversations/_saved.html",
        {"saved_at": timezone.localtime(), "revision": revision, "token_id": token_id},
    )


def conflict_status(
    request: HttpRequest, conflict: concurrency.Conflict, reload_url: str
) -> HttpResponse:
    """A stale autosave: the conflict in the saved-status line; the typed text stays."""
    return render(
        request,
        "_conflict_status.html",
        {"conflict": conflict, "reload_url": reload_url},
        status=409,
    )


def _posted_revisions(request: HttpRequest, question_ids: Iterable[int]) -> dict[int, int]:
    """Per answer, the revision the page was loaded at (``revision-<question>``)."""
    posted = {qid: request.POST.get(f"revision-{qid}", "") for qid in question_ids}
    return {
        qid: min(int(value), concurrency.MAX_REVISION)
        for qid, value in posted.items()
        if value.isascii() and value.isdigit()
    }


def _answer_conflict(
    request: HttpRequest, stale: concurrency.StaleEdit, answers: Mapping[int, str]
) -> concurrency.Conflict:
    """A stale answer: the typed text next to the stored one, under the question."""
    answer = stale.current
    question_id = answer.question_id
    return concurrency.conflict(
        stale,
        {"text": answers.get(question_id, "")},
        labels={"text": answer.question.text},
        posted=request.POST,
        token_name=f"revision-{question_id}",
    )


@require_POST
def conversation_answer(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    """htmx autosave of one answer; returns the small 'saved' status."""
    conversation, _side = _party_conversation(request, pk)
    question, side, together = _question_for(conversation, request.actor, question_id)
    if not conversation.is_open:
        raise Http404
    # htmx sends the whole form; a single-answer client may send just "text".
    text = request.POST.get(f"answer-{question.pk}", request.POST.get("text"))
    if text is None:
        return HttpResponse(status=400)
    answers = {question.pk: text[:5000]}
    try:
        [answer] = preparation.save_answers(
            request.actor,
            conversation,
            side=side,
            answers=answers,
            together=together,
            expected_revisions=_posted_revisions(request, answers),
        )
    except concurrency.StaleEdit as stale:
        conflict = _answer_conflict(request, stale, answers)
        back = "conversation-prepare-together" if together else "conversation-prepare"
        if request.htmx:
            return conflict_status(request, conflict, reverse(back, args=[conversation.pk]))
        return render(
            request,
            "conversations/answer_conflict.html",
            {"conversation": conversation, "conflict": conflict, "back": back},
            status=409,
        )
    except Refused as refused:
        return HttpResponse(refused.message, status=409)
    if request.htmx:
        return render(
            request,
            "conversations/_saved.html",
            {
                "saved_at": timezone.localtime(),
                "question": question,
                "revision": answer.revision,
                "token_id": f"revision-{question.pk}",
                "token_name": f"revision-{question.pk}",
            },
        )
    return redirect(
        "conversation-prepare-together" if together else "conversation-prepare",
        pk=conversation.pk,
    )


@require_POST
def conversation_share(request: HttpRequest, pk: int) -> HttpResponse:
    """001 step 2: "Deel met mijn leidinggevende" — only the employee decides."""
    conversation, side = _party_conversation(request, pk)
    if side != Side.EMPLOYEE or not conversation.is_open:
        raise Http404
    try:
        preparation.share_preparation(request.actor, conversation)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Uw voorbereiding is gedeeld met uw leidinggevende."))
    return redirect("conversation-prepare", pk=conversation.pk)


@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, side = _party_conversation(request, pk)
    if not conversation.is_open:
        raise Http404
    form = AgendaPointForm(request.POST)
    if form.is_valid():
        try:
            preparation.add_agenda_point(
                request.actor,
                conversation,
                side=side,
                text=form.cleaned_data["text"],
                token=token_of(form),
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Het agendapunt is toegevoegd. Alleen u ziet het nog."))
    else:
        messages.error(request, _("Schrijf eerst een agendapunt."))
    return redirect("conversation-prepare", pk=conversation.pk)


def _own_point(request: HttpRequest, pk: int, point_id: int) -> AgendaPoint:
    conversation, side = _party_conversation(request, pk)
    point = (
        AgendaPoint.objects.visible_to(request.actor)
        .filter(conversation=conversation, side=side, pk=point_id)
        .select_related("conversation")
        .first()
    )
    if point is None or not conversation.is_open:
        raise Http404
    return point


@require_POST
def agenda_share(request: HttpRequest, pk: int, point_id: int) -> HttpResponse:
    point = _own_point(request, pk, point_id)
    try:
        preparation.share_agenda_point(request.actor, point)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Het agendapunt is gedeeld."))
    return redirect("conversation-prepare", pk=pk)


@require_POST
def agenda_delete(request: HttpRequest, pk: int, point_id: int) -> HttpResponse:
    point = _own_point(request, pk, point_id)
    try:
        preparation.remove_agenda_point(request.actor, point)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Het agendapunt is verwijderd."))
    return redirect("conversation-prepare", pk=pk)
