"""The guided talk (Gesprek voeren) and its agreements: pages for the employee's current
manager only. Everyone else gets a 404 here — the employee, HR, another team's manager, other
organisations — so the manager's working notes do not show that they exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access.views import get_visible_or_404
from koers.conversations import talk, trajectories
from koers.conversations.actions import preparation
from koers.conversations.actions import talk as talk_actions
from koers.conversations.forms import phase_form_class
from koers.conversations.models import Conversation, Outcome, Status, TalkNotes, TemplatePhase
from koers.conversations.views_prepare import conflict_status, saved_status
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.plans import smart
from koers.plans.forms import PointForm
from koers.plans.models import DevelopmentPoint
from koers.signing.models import VersionFrozen


def _talk_conversation(request: HttpRequest, pk: int) -> Conversation:
    """A talk the actor conducts as the employee's current manager (not a cancelled one)."""
    conversation = get_visible_or_404(
        Conversation.objects.led_by(request.actor).select_related(
            "employee__team", "manager", "conversation_type", "organisation", "template"
        ),
        request.actor,
        pk=pk,
    )
    if conversation.status == Status.CANCELLED:
        raise Http404
    return conversation


def _phase_url(conversation: Conversation, key: str, anchor: str = "") -> str:
    url = reverse("conversation-talk-phase", args=[conversation.pk, key])
    return f"{url}#{anchor}" if anchor else url


def _posted_reviews(request: HttpRequest, conversation: Conversation) -> dict[int, tuple]:
    outcomes = set(Outcome.values) | {""}
    reviews = {}
    for row in talk.review_rows(conversation):
        pk = row.point.pk
        outcome = request.POST.get(f"outcome-{pk}", "")
        reviews[pk] = (
            outcome if outcome in outcomes else "",
            request.POST.get(f"note-{pk}", "")[:5000],
        )
    return reviews


def _save_phase(
    request: HttpRequest,
    conversation: Conversation,
    phase: str,
    values: dict[str, Any],
    expected_revision: int | None,
) -> TalkNotes:
    return talk_actions.save_phase(
        request.actor,
        conversation,
        phase,
        values,
        expected_revision=expected_revision,
        reviews=_posted_reviews(request, conversation)
        if phase == TemplatePhase.Key.EVALUATION
        else None,
        discussed=[int(v) for v in request.POST.getlist("discussed") if v.isdigit()]
        if phase == TemplatePhase.Key.CLOSING
        else None,
    )


def _talk_conflict(
    request: HttpRequest, conversation: Conversation, phase: str, form: Any, stale: Any
) -> concurrency.Conflict:
    """The phase's fields side by side and, in the Evaluatie, each review's outcome and note."""
    mine: dict[str, Any] = dict(form.cleaned_data)
    stored = {name: concurrency.stored_value(stale.current, name) for name in mine}
    labels: dict[str, str] = {}
    if phase == TemplatePhase.Key.EVALUATION:
        now = talk.stored_reviews(conversation)
        outcomes = dict(Outcome.choices)
        titles = {row.point.pk: row.point.title for row in talk.review_rows(conversation)}
        for pk, (outcome, note) in _posted_reviews(request, conversation).items():
            title = titles[pk]
            stored_outcome, stored_note = now.get(pk, ("", ""))
            mine[f"outcome-{pk}"] = outcomes.get(outcome, "")
            stored[f"outcome-{pk}"] = outcomes.get(stored_outcome, "")
            labels[f"outcome-{pk}"] = _("%(point)s: uitkomst") % {"point": title}
            mine[f"note-{pk}"], stored[f"note-{pk}"] = note, stored_note
            labels[f"note-{pk}"] = _("%(point)s: toelichting") % {"point": title}
    return concurrency.conflict(
        stale, mine, form=form, labels=labels, posted=request.POST, stored=stored
    )


def conversation_talk(request: HttpRequest, pk: int, phase: str | None = None) -> HttpResponse:
    """001 step 3, 003, 004: one phase per step; notes saved per phase (htmx autosave, or the
    buttons without JavaScript)."""
    conversation = _talk_conversation(request, pk)
    actor = request.actor
    phases = list(conversation.template.phases.all())
    keys = [p.key for p in phases]
    phase = phase or keys[0]
    if phase not in keys:
        raise Http404
    index = keys.index(phase)
    notes = talk.notes_of(conversation)
    editable = talk.is_editable(conversation)
    form_class = phase_form_class(talk.PHASE_FIELDS[phase])
    form = form_class(request.POST or None, instance=notes)
    conflict: concurrency.Conflict | None = None
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Dit gesprek kan niet meer worden gewijzigd."))
            return redirect(_phase_url(conversation, phase))
        if not form.is_valid():
            if request.htmx:
                return HttpResponse(_("Niet opgeslagen: kijk de velden na en klik op Opslaan."))
        else:
            try:
                saved = _save_phase(
                    request, conversation, phase, form.cleaned_data, form.expected_revision
                )
            except concurrency.StaleEdit as stale:
                conflict = _talk_conflict(request, conversation, phase, form, stale)
                if request.htmx:
                    return conflict_status(request, conflict, _phase_url(conversation, phase))
                form = concurrency.with_revision(form, conflict.revision)
            except Refused as refused:
                messages.error(request, refused.message)
                return redirect(_phase_url(conversation, phase))
            else:
                if request.htmx:
                    return saved_status(request, saved.revision, form["revision"].auto_id)
                go = request.POST.get("go")
                if go == "next" and index + 1 < len(keys):
                    return redirect(_phase_url(conversation, keys[index + 1]))
                if go == "previous" and index > 0:
                    return redirect(_phase_url(conversation, keys[index - 1]))
                messages.success(request, _("Uw aantekeningen zijn opgeslagen."))
                return redirect(_phase_url(conversation, phase))
    context: dict[str, Any] = {
        "conflict": conflict,
        "series": trajectories.place_of(conversation),
        "conversation": conversation,
        "phases": phases,
        "phase": phases[index],
        "previous_phase": phases[index - 1] if index > 0 else None,
        "next_phase": phases[index + 1] if index + 1 < len(phases) else None,
        "form": form,
        "notes": notes,
        "editable": editable,
    }
    if phase == TemplatePhase.Key.OPENING:
        context["agenda"] = talk.agenda_for(conversation, actor)
    elif phase == TemplatePhase.Key.EVALUATION:
        context["previous_plan"] = talk.previous_plan(conversation)
        context["reviews"] = talk.review_rows(conversation, actor)
        context["outcomes"] = Outcome.choices
    elif phase == TemplatePhase.Key.INFORMATION:
        context["prep"] = talk.preparation_rows(conversation, actor)
        if conversation.is_shared and request.method == "GET":
            preparation.record_read(actor, conversation)
    elif phase in (TemplatePhase.Key.PLANNING, TemplatePhase.Key.CLOSING):
        context["agreements"] = talk.agreement_rows(conversation)
        context["plan"] = talk.agreement_plan(conversation)
    if phase == TemplatePhase.Key.CLOSING:
        context["agenda"] = talk.agenda_for(conversation, actor)
    return render(request, "conversations/talk.html", context, status=409 if conflict else 200)


@require_POST
def conversation_talk_finish(request: HttpRequest, pk: int) -> HttpResponse:
    """004 Afsluiting: the talk is held; on to the report."""
    conversation = _talk_conversation(request, pk)
    try:
        talk_actions.finish_talk(
            request.actor, conversation, held_earlier=request.POST.get("held_earlier") == "1"
        )
    except Refused as refused:
        if refused.code == "talk.before_its_date":
            # 'Dit gesprek is eerder gehouden': ask before the date moves.
            context = {"conversation": conversation, "refusal": refused.message}
            context["today"] = timezone.localdate()
            return render(request, "conversations/talk_held_earlier.html", context)
        messages.error(request, refused.message)
        return redirect("conversation-detail", pk=conversation.pk)
    messages.success(
        request, _("Het gesprek is afgerond. Schrijf nu het verslag; het is al ingevuld.")
    )
    return redirect("conversation-report", pk=conversation.pk)


def _back_phase(request: HttpRequest) -> str:
    value = request.POST.get("phase") or request.GET.get("phase") or ""
    return value if value in TemplatePhase.Key.values else TemplatePhase.Key.PLANNING


def agreement_edit(request: HttpRequest, pk: int, point_id: int | None = None) -> HttpResponse:
    """003 step 3: an agreement (goal, how we know, approach, who does what, support, deadline,
    follow-up) in one of the POP's three categories. It may be saved before it is SMART; the
    check says in plain Dutch what is missing."""
    conversation = _talk_conversation(request, pk)
    if not talk.is_editable(conversation):
        raise Http404
    point = (
        get_object_or_404(DevelopmentPoint, plan__conversation=conversation, pk=point_id)
        if point_id
        else None
    )
    back = _back_phase(request)
    form = PointForm(request.POST or None, instance=point)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in PointForm.Meta.fields}
        try:
            saved = talk_actions.save_agreement(
                request.actor,
                conversation,
                point,
                expected_revision=form.expected_revision,
                **values,
            )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict(stale, values, form=form, posted=request.POST)
            concurrency.with_revision(form, conflict.revision)
        except VersionFrozen:
            messages.error(
                request,
                _("Het POP uit dit gesprek wacht op uw handtekening. Teken eerst het POP."),
            )
            return redirect(_phase_url(conversation, back))
        else:
            return _agreement_saved(request, conversation, saved, values, back)
    return render(
        request,
        "conversations/agreement_form.html",
        {
            "conversation": conversation,
            "form": form,
            "point": point,
            "back": back,
            "missing": smart.check(smart.values_of(point)) if point else [],
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _agreement_saved(
    request: HttpRequest,
    conversation: Conversation,
    saved: DevelopmentPoint,
    values: dict[str, Any],
    back: str,
) -> HttpResponse:
    missing = smart.check(values)
    if missing:
        messages.warning(
            request,
            _("Opgeslagen als concept. Nog niet SMART: %(missing)s")
            % {"missing": " ".join(missing)},
        )
    else:
        messages.success(request, _("Opgeslagen. Deze afspraak is SMART."))
    return redirect(_phase_url(conversation, back, f"agreement-{saved.pk}"))


@require_POST
def agreement_delete(request: HttpRequest, pk: int, point_id: int) -> HttpResponse:
    conversation = _talk_conversation(request, pk)
    if not talk.is_editable(conversation):
        raise Http404
    point = get_object_or_404(
        DevelopmentPoint.objects.select_related("plan"),
        plan__conversation=conversation,
        pk=point_id,
    )
    try:
        talk_actions.remove_agreement(request.actor, conversation, point)
    except VersionFrozen:
        messages.error(request, _("Het POP uit dit gesprek wacht op uw handtekening."))
    else:
        messages.success(request, _("De afspraak is verwijderd."))
    return redirect(_phase_url(conversation, _back_phase(request)))
