"""Preparation (001 step 2): each side's question list with htmx autosave, sharing with the
manager, filling it in together, agenda points. For the two people in the talk only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access.once import token_of
from koers.access.views import requires_role
from koers.conversations import queries
from koers.conversations.actions import preparation
from koers.conversations.forms import AgendaPointForm
from koers.conversations.models import (
    AgendaPoint,
    Audience,
    Conversation,
    Side,
    TemplateQuestion,
)
from koers.conversations.views import _led_conversation, _party_conversation
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.organisations.models import Role

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
    prep = queries.preparation_for(conversation, request.actor, side)
    if prep.employee_answers is not None:
        preparation.record_read(request.actor, conversation)
    return render(
        request,
        "conversations/conversation_prepare.html",
        {
            "conversation": conversation,
            "prep": prep,
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
