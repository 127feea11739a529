"""The gesprekskaart screens (employee and manager), the teamkaart and their PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.access.once import TOKEN_FIELD
from koers.access.views import get_visible_or_404, requires_role
from koers.cards import actions, queries
from koers.cards.forms import (
    CardItemForm,
    CardToPlanForm,
    HealthShareForm,
    NewCardItemForm,
    PaperCardForm,
    PointToCardForm,
    TeamAgreementForm,
    TeamCardSettingsForm,
    title_from,
)
from koers.cards.models import CardItem, ItemKind, TeamAgreement, Theme
from koers.cards.themes import HEALTH_WARNING, QUESTIONS, STEPS, THEMES
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.lib.pdf import pdf_response, render_pdf
from koers.organisations.models import Employee, Role, Team
from koers.signing.documents import document_of
from koers.signing.models import VersionFrozen


def _holder(request: HttpRequest, employee_id: int) -> Employee:
    return get_visible_or_404(
        queries.card_holders(request.actor).select_related("team"), request.actor, pk=employee_id
    )


def _item(
    request: HttpRequest, holder: Employee, item_id: int, *, editable: bool = True
) -> CardItem:
    """An item on the holder's card. ``editable``: only on this year's card; older cards
    are kept to read (taking an item off the teamkaart is always allowed)."""
    items = CardItem.objects.select_related("card", "plan_point__plan").filter(
        card__employee=holder
    )
    if editable:
        items = items.filter(card__year__gte=queries.this_year())
    return get_visible_or_404(items, request.actor, pk=item_id)


def _is_manager_of(request: HttpRequest, holder: Employee) -> bool:
    return holder.pk != request.actor.employee_id and holder.team_id in request.actor.led_team_ids


def _posted(request: HttpRequest):
    """The POST data, also when empty, so that an empty form shows its errors."""
    return request.POST if request.method == "POST" else None


def _team(request: HttpRequest, team_id: int) -> Team:
    return get_visible_or_404(queries.teamkaart_teams(request.actor), request.actor, pk=team_id)


def _card_context(request: HttpRequest, holder: Employee, card=None) -> dict:
    """The card page: the latest card (or the one asked for). Only this year's card can be
    filled in; an older card is read-only, with "start de kaart voor <jaar>"."""
    card = card or queries.current_card(holder)
    this_year = queries.this_year()
    read_only = card is not None and not card.is_current
    return {
        "holder": holder,
        "card": card,
        "year": card.year if card else this_year,
        "this_year": this_year,
        "read_only": read_only,
        "can_start": read_only and queries.card_of_year(holder, this_year) is None,
        "sheets": queries.card_sheets(card),
        "is_own": request.actor.employee_id == holder.pk,
        "is_manager": _is_manager_of(request, holder),
        "health_warning": HEALTH_WARNING,
    }


def my_card(request: HttpRequest) -> HttpResponse:
    if request.actor.employee_id is None:
        raise Http404
    return redirect("card-detail", employee_id=request.actor.employee_id)


def card_detail(request: HttpRequest, employee_id: int) -> HttpResponse:
    holder = _holder(request, employee_id)
    context = _card_context(request, holder)
    if context["card"] is not None:
        actions.record_read(request.actor, holder, context["year"])
    return render(request, "cards/card_detail.html", context)


def card_years(request: HttpRequest, employee_id: int) -> HttpResponse:
    """000: every card of the employee, one per year; older ones to read."""
    holder = _holder(request, employee_id)
    cards = list(queries.cards_per_year(holder))
    this_year = queries.this_year()
    return render(
        request,
        "cards/card_years.html",
        {
            "holder": holder,
            "cards": cards,
            "this_year": this_year,
            "can_start": all(card.year != this_year for card in cards),
            "is_own": request.actor.employee_id == holder.pk,
        },
    )


def card_year(request: HttpRequest, employee_id: int, year: int) -> HttpResponse:
    """The card of one year; an older card is read-only."""
    holder = _holder(request, employee_id)
    card = queries.card_of_year(holder, year)
    if card is None:
        raise Http404
    if card.is_current:
        return redirect("card-detail", employee_id=holder.pk)
    actions.record_read(request.actor, holder, card.year)
    return render(request, "cards/card_detail.html", _card_context(request, holder, card))


@require_POST
def card_start(request: HttpRequest, employee_id: int) -> HttpResponse:
    """000, a new period: the employee or the manager starts this year's card by hand
    ("start de kaart voor <jaar>"); the first item written starts it too."""
    holder = _holder(request, employee_id)
    card = actions.start_card(request.actor, holder)
    messages.success(
        request, _("De kaart voor %(year)d staat klaar. U kunt beginnen.") % {"year": card.year}
    )
    return redirect("card-detail", employee_id=holder.pk)


def card_item_show(request: HttpRequest, employee_id: int, item_id: int) -> HttpResponse:
    """A stable link to one item (used by the POP page): the card of its year, at the item."""
    holder = _holder(request, employee_id)
    item = _item(request, holder, item_id, editable=False)
    latest = queries.current_card(holder)
    if latest is not None and latest.pk == item.card_id:
        url = reverse("card-detail", args=[holder.pk])
    else:
        url = reverse("card-year", args=[holder.pk, item.card.year])
    return redirect(f"{url}#item-{item.pk}")


def _step_url(holder: Employee, step: tuple[str, str] | None) -> str:
    return reverse("card-step", args=[holder.pk, *step]) if step else ""


def _typed(request: HttpRequest, form: NewCardItemForm) -> bool:
    """Something was typed in one of the step's fields (spaces alone are nothing)."""
    return any(request.POST.get(name, "").strip() for name in ("what", "who_helps", "when"))


@require_http_methods(["GET", "POST"])
def card_step(request: HttpRequest, employee_id: int, theme: str, kind: str) -> HttpResponse:
    """One question of one theme per screen: "Wat wil ik?" or "Wat spreken we af?"."""
    holder = _holder(request, employee_id)
    if theme not in Theme.values or kind not in ItemKind.values:
        raise Http404
    index = STEPS.index((theme, kind))
    previous_step = STEPS[index - 1] if index > 0 else None
    next_step = STEPS[index + 1] if index + 1 < len(STEPS) else None
    # "Vorige vraag", "Volgende vraag" and "Klaar" submit the form too (issue 14): what was
    # typed is saved before the step changes; nothing typed, and the step just changes.
    targets = {
        "previous": _step_url(holder, previous_step),
        "next": _step_url(holder, next_step),
        "done": reverse("card-detail", args=[holder.pk]),
    }
    go = request.POST.get("go", "") if request.method == "POST" else ""
    if go and not targets.get(go):
        go = ""
    form = NewCardItemForm(_posted(request), theme=theme, kind=kind)
    if go and not _typed(request, form):
        return redirect(targets[go])
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        token = values.pop(TOKEN_FIELD, "")
        try:
            actions.add_item(request.actor, holder, theme=theme, kind=kind, token=token, **values)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Opgeslagen."))
            if go:
                return redirect(targets[go])
            return redirect("card-step", employee_id=holder.pk, theme=theme, kind=kind)
    card = queries.card_of_year(holder, queries.this_year())
    return render(
        request,
        "cards/card_step.html",
        {
            "holder": holder,
            "info": THEMES[theme],
            "kind": kind,
            "question": QUESTIONS[kind],
            "is_agreement": kind == ItemKind.AGREEMENT,
            "items": queries.step_items(card, theme, kind),
            "form": form,
            "step_number": index + 1,
            "step_total": len(STEPS),
            "previous_step": previous_step,
            "next_step": next_step,
            "is_own": request.actor.employee_id == holder.pk,
            "is_manager": _is_manager_of(request, holder),
            "health_warning": HEALTH_WARNING if theme == Theme.GEZOND else None,
        },
    )


@require_http_methods(["GET", "POST"])
def card_item_edit(request: HttpRequest, employee_id: int, item_id: int) -> HttpResponse:
    holder = _holder(request, employee_id)
    item = _item(request, holder, item_id)
    point = item.linked_point
    form = CardItemForm(
        _posted(request),
        theme=item.theme,
        kind=item.kind,
        linked=point is not None,
        initial={"what": item.what, "who_helps": item.who_helps, "when": item.when},
        revision=item.revision,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_item(
                request.actor, item, expected_revision=form.expected_revision, **form.cleaned_data
            )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict_on(form, stale, request.POST)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("card-step", employee_id=holder.pk, theme=item.theme, kind=item.kind)
    return render(
        request,
        "cards/card_item_edit.html",
        {
            "holder": holder,
            "item": item,
            "point": point,
            "can_edit_plan": point is not None and _is_manager_of(request, holder),
            "info": THEMES[item.theme],
            "form": form,
            "health_warning": HEALTH_WARNING if item.is_health else None,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
def card_item_delete(request: HttpRequest, employee_id: int, item_id: int) -> HttpResponse:
    holder = _holder(request, employee_id)
    item = _item(request, holder, item_id)
    if request.method == "POST":
        actions.remove_item(request.actor, item)
        messages.success(request, _("Weggehaald."))
        return redirect("card-step", employee_id=holder.pk, theme=item.theme, kind=item.kind)
    return render(
        request,
        "cards/card_item_delete.html",
        {
            "holder": holder,
            "item": item,
            "info": THEMES[item.theme],
        },
    )


@require_http_methods(["GET", "POST"])
def card_item_share(request: HttpRequest, employee_id: int, item_id: int) -> HttpResponse:
    """Share with the team: one click for groei and plezier; gezond asks again (000)."""
    holder = _holder(request, employee_id)
    item = _item(request, holder, item_id)
    if request.actor.employee_id != holder.pk:
        raise PermissionDenied
    form = HealthShareForm(_posted(request)) if item.is_health else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            actions.share_item(request.actor, item, health_confirmed=form is not None)
        except Refused as exc:
            raise PermissionDenied from exc
        messages.success(request, _("Gedeeld. Uw team ziet dit nu op de teamkaart."))
        return redirect(_back(request, holder, item))
    return render(
        request,
        "cards/card_item_share.html",
        {
            "holder": holder,
            "item": item,
            "info": THEMES[item.theme],
            "form": form,
            "next": _back(request, holder, item),
        },
    )


@require_POST
def card_item_unshare(request: HttpRequest, employee_id: int, item_id: int) -> HttpResponse:
    holder = _holder(request, employee_id)
    item = _item(request, holder, item_id, editable=False)
    actions.unshare_item(request.actor, item)
    messages.success(request, _("Niet meer gedeeld. Het staat niet meer op de teamkaart."))
    return redirect(_back(request, holder, item))


def _back(request: HttpRequest, holder: Employee, item: CardItem) -> str:
    """Back to the screen the button was on: the card overview or the question screen."""
    step = reverse("card-step", args=[holder.pk, item.theme, item.kind])
    overview = reverse("card-detail", args=[holder.pk])
    year = reverse("card-year", args=[holder.pk, item.card.year])
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted in (step, overview, year):
        return wanted
    return step if item.card.is_current else year


def card_pdf(request: HttpRequest, employee_id: int) -> HttpResponse:
    """000 paper parity: the card on A4, with empty lines where nothing is written yet."""
    holder = _holder(request, employee_id)
    card = None
    if request.GET.get("year"):
        try:
            card = queries.card_of_year(holder, int(request.GET["year"]))
        except ValueError:
            card = None
        if card is None:
            raise Http404
    context = _card_context(request, holder, card) | {
        "organisation": holder.organisation,
        "printed_on": timezone.localdate(),
    }
    pdf = render_pdf("cards/card_pdf.html", context, request)
    if context["card"] is not None:
        actions.record_read(request.actor, holder, context["year"], "card.downloaded")
    return pdf_response(pdf, f"gesprekskaart-{holder.pk}-{context['year']}.pdf")


@requires_role(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def card_paper(request: HttpRequest, employee_id: int) -> HttpResponse:
    """The manager types in a filled paper card: all three themes on one screen."""
    holder = get_visible_or_404(
        queries.card_holders(request.actor).filter(team_id__in=request.actor.led_team_ids),
        request.actor,
        pk=employee_id,
    )
    form = PaperCardForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        lines = form.lines()
        actions.enter_paper_card(request.actor, holder, lines)
        messages.success(
            request,
            _("%(count)d punten opgeslagen op de kaart van %(name)s.")
            % {"count": len(lines), "name": holder.first_name},
        )
        return redirect("card-detail", employee_id=holder.pk)
    return render(
        request,
        "cards/card_paper.html",
        {
            "holder": holder,
            "form": form,
            "health_warning": HEALTH_WARNING,
        },
    )


# --- the link with the POP ---------------------------------------------------------------------


@requires_role(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def card_item_to_plan(request: HttpRequest, employee_id: int, item_id: int) -> HttpResponse:
    """The manager puts an agreement of the card in the POP (001 step 4), typed once."""
    holder = get_visible_or_404(
        queries.card_holders(request.actor)
        .filter(team_id__in=request.actor.led_team_ids)
        .exclude(pk=request.actor.employee_id)
        .select_related("team"),
        request.actor,
        pk=employee_id,
    )
    item = _item(request, holder, item_id)
    try:
        queries.check_linkable(item)
        refusal = None
    except Refused as error:
        refusal = error.message
    plan = queries.current_plan(holder)
    status = document_of(plan).status if plan else None
    waiting = status is not None and status.waits_for_manager
    form = CardToPlanForm(_posted(request), initial={"title": title_from(item.text)})
    if request.method == "POST" and refusal is None and not waiting and form.is_valid():
        try:
            point = actions.link_to_plan(request.actor, item, **form.cleaned_data)
        except VersionFrozen:
            messages.error(request, _("De medewerker heeft het POP al getekend. Teken eerst."))
            return redirect("card-detail", employee_id=holder.pk)
        messages.success(
            request,
            _("De afspraak staat nu in het POP. De tekst staat op één plek: hier in het POP."),
        )
        return redirect(f"{reverse('plan-detail', args=[point.plan_id])}#point-{point.pk}")
    return render(
        request,
        "cards/card_item_to_plan.html",
        {
            "holder": holder,
            "item": item,
            "info": THEMES[item.theme],
            "form": form,
            "refusal": refusal,
            "plan": plan,
            "plan_status": status,
            "waiting": waiting,
        },
    )


@require_http_methods(["GET", "POST"])
def card_from_plan(request: HttpRequest, employee_id: int) -> HttpResponse:
    """A point of the POP on this year's card, without typing it again."""
    holder = _holder(request, employee_id)
    points = queries.plan_points_for_card(request.actor, holder)
    form = PointToCardForm(_posted(request), points=points)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.show_on_card(
                request.actor, form.cleaned_data["point"], theme=form.cleaned_data["theme"]
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Het punt uit het POP staat nu op de kaart."))
            return redirect(f"{reverse('card-detail', args=[holder.pk])}#item-{item.pk}")
    return render(
        request,
        "cards/card_from_plan.html",
        {
            "holder": holder,
            "form": form,
            "has_points": points.exists(),
            "is_own": request.actor.employee_id == holder.pk,
        },
    )


def teamcard_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "cards/teamcard_list.html", {"teams": queries.team_overview(request.actor)}
    )


def teamcard_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(request, team_id)
    is_manager = team.pk in request.actor.led_team_ids
    return render(
        request,
        "cards/teamcard_detail.html",
        {
            "kaart": queries.teamkaart(team, request.actor),
            "is_manager": is_manager,
            "members": queries.team_members_with_cards(team) if is_manager else None,
        },
    )


def teamcard_pdf(request: HttpRequest, team_id: int) -> HttpResponse:
    """000: the teamkaart as an A3 landscape poster for the team room."""
    team = _team(request, team_id)
    kaart = queries.teamkaart(team, request.actor)
    pdf = render_pdf("cards/teamcard_pdf.html", {"kaart": kaart}, request)
    return pdf_response(pdf, f"teamkaart-{team.pk}-{kaart.printed_on:%Y-%m-%d}.pdf")


@requires_role(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def teamcard_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    """The manager records the team's choices: names shown, and the gedeelde afspraken."""
    team = get_visible_or_404(
        Team.objects.filter(pk__in=request.actor.led_team_ids), request.actor, pk=team_id
    )
    kaart = queries.teamkaart(team, request.actor)
    settings_form = TeamCardSettingsForm(
        request.POST if request.POST.get("action") == "names" else None,
        initial={"name_display": kaart.name_display},
        of_values=True,
    )
    conflict = None
    agreement_form = TeamAgreementForm(
        request.POST if request.POST.get("action") == "agreement" else None
    )
    if request.method == "POST":
        if settings_form.is_bound and settings_form.is_valid():
            try:
                actions.set_name_display(
                    request.actor,
                    team,
                    settings_form.cleaned_data["name_display"],
                    expected_revision=settings_form.expected_revision,
                )
            except concurrency.StaleEdit as stale:
                conflict = concurrency.conflict_on(settings_form, stale, request.POST)
            else:
                messages.success(request, _("Opgeslagen."))
                return redirect("teamcard-edit", team_id=team.pk)
        if agreement_form.is_bound and agreement_form.is_valid():
            try:
                values = dict(agreement_form.cleaned_data)
                token = values.pop(TOKEN_FIELD, "")
                actions.add_team_agreement(request.actor, team, token=token, **values)
            except Refused as refusal:
                agreement_form.add_error(None, refusal.message)
            else:
                messages.success(request, _("De afspraak staat op de teamkaart."))
                return redirect("teamcard-edit", team_id=team.pk)
    return render(
        request,
        "cards/teamcard_edit.html",
        {
            "kaart": kaart,
            "settings_form": settings_form,
            "agreement_form": agreement_form,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@requires_role(Role.MANAGER)
@require_POST
def teamcard_agreement_delete(request: HttpRequest, team_id: int, pk: int) -> HttpResponse:
    agreement = get_visible_or_404(
        TeamAgreement.objects.filter(
            team_card__team_id=team_id, team_card__team_id__in=request.actor.led_team_ids
        ),
        request.actor,
        pk=pk,
    )
    actions.remove_team_agreement(request.actor, agreement)
    messages.success(request, _("De afspraak is van de teamkaart gehaald."))
    return redirect("teamcard-edit", team_id=team_id)
