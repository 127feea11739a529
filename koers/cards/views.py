"""The gesprekskaart screens (employee and manager), the teamkaart and their PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.cards import queries, services
from koers.cards.forms import (
    CardItemForm,
    HealthShareForm,
    PaperCardForm,
    TeamAgreementForm,
    TeamCardSettingsForm,
)
from koers.cards.models import CardItem, ItemKind, TeamAgreement, Theme
from koers.cards.themes import HEALTH_WARNING, QUESTIONS, STEPS, THEMES
from koers.lib.pdf import pdf_response, render_pdf
from koers.organisations.access import get_visible_or_404, requires_role
from koers.organisations.models import Employee, Role, Team


def _holder(request: HttpRequest, employee_id: int) -> Employee:
    return get_visible_or_404(
        queries.card_holders(request.actor).select_related("team"), request.actor, pk=employee_id
    )


def _item(request: HttpRequest, holder: Employee, item_id: int) -> CardItem:
    return get_visible_or_404(
        CardItem.objects.select_related("card").filter(card__employee=holder),
        request.actor,
        pk=item_id,
    )


def _posted(request: HttpRequest):
    """The POST data, also when empty, so that an empty form shows its errors."""
    return request.POST if request.method == "POST" else None


def _team(request: HttpRequest, team_id: int) -> Team:
    return get_visible_or_404(queries.teamkaart_teams(request.actor), request.actor, pk=team_id)


def _card_context(request: HttpRequest, holder: Employee) -> dict:
    card = queries.current_card(holder)
    return {
        "holder": holder,
        "card": card,
        "year": card.year if card else timezone.localdate().year,
        "sheets": queries.card_sheets(card),
        "is_own": request.actor.employee_id == holder.pk,
        "is_manager": holder.team_id in request.actor.led_team_ids,
        "health_warning": HEALTH_WARNING,
    }


def my_card(request: HttpRequest) -> HttpResponse:
    if request.actor.employee_id is None:
        raise Http404
    return redirect("card-detail", employee_id=request.actor.employee_id)


def card_detail(request: HttpRequest, employee_id: int) -> HttpResponse:
    holder = _holder(request, employee_id)
    return render(request, "cards/card_detail.html", _card_context(request, holder))


@require_http_methods(["GET", "POST"])
def card_step(request: HttpRequest, employee_id: int, theme: str, kind: str) -> HttpResponse:
    """One question of one theme per screen: "Wat wil ik?" or "Wat spreken we af?"."""
    holder = _holder(request, employee_id)
    if theme not in Theme.values or kind not in ItemKind.values:
        raise Http404
    form = CardItemForm(_posted(request), theme=theme, kind=kind)
    if request.method == "POST" and form.is_valid():
        services.add_item(
            holder,
            theme=theme,
            kind=kind,
            written_by=request.actor.employee,
            **form.cleaned_data,
        )
        messages.success(request, _("Opgeslagen."))
        return redirect("card-step", employee_id=holder.pk, theme=theme, kind=kind)
    index = STEPS.index((theme, kind))
    previous_step = STEPS[index - 1] if index > 0 else None
    next_step = STEPS[index + 1] if index + 1 < len(STEPS) else None
    card = queries.current_card(holder)
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
            "health_warning": HEALTH_WARNING if theme == Theme.GEZOND else None,
        },
    )


@require_http_methods(["GET", "POST"])
def card_item_edit(request: HttpRequest, employee_id: int, item_id: int) -> HttpResponse:
    holder = _holder(request, employee_id)
    item = _item(request, holder, item_id)
    form = CardItemForm(
        _posted(request),
        theme=item.theme,
        kind=item.kind,
        initial={"what": item.what, "who_helps": item.who_helps, "when": item.when},
    )
    if request.method == "POST" and form.is_valid():
        services.update_item(item, **form.cleaned_data)
        messages.success(request, _("Opgeslagen."))
        return redirect("card-step", employee_id=holder.pk, theme=item.theme, kind=item.kind)
    return render(
        request,
        "cards/card_item_edit.html",
        {
            "holder": holder,
            "item": item,
            "info": THEMES[item.theme],
            "form": form,
            "health_warning": HEALTH_WARNING if item.is_health else None,
        },
    )


@require_http_methods(["GET", "POST"])
def card_item_delete(request: HttpRequest, employee_id: int, item_id: int) -> HttpResponse:
    holder = _holder(request, employee_id)
    item = _item(request, holder, item_id)
    if request.method == "POST":
        services.remove_item(item)
        messages.success(request, _("Weggehaald."))
        return redirect("card-step", employee_id=holder.pk, theme=item.theme, kind=item.kind)
    return render(
        request,
        "cards/card_item_delete.html",
        {"holder": holder, "item": item, "info": THEMES[item.theme]},
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
            services.share_item(item, by=request.actor.employee, health_confirmed=form is not None)
        except (services.SharingNotAllowed, ValidationError) as exc:
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
    item = _item(request, holder, item_id)
    services.unshare_item(item)
    messages.success(request, _("Niet meer gedeeld. Het staat niet meer op de teamkaart."))
    return redirect(_back(request, holder, item))


def _back(request: HttpRequest, holder: Employee, item: CardItem) -> str:
    """Back to the screen the button was on: the card overview or the question screen."""
    step = reverse("card-step", args=[holder.pk, item.theme, item.kind])
    overview = reverse("card-detail", args=[holder.pk])
    wanted = request.POST.get("next") or request.GET.get("next")
    return wanted if wanted in (step, overview) else step


def card_pdf(request: HttpRequest, employee_id: int) -> HttpResponse:
    """000 paper parity: the card on A4, with empty lines where nothing is written yet."""
    holder = _holder(request, employee_id)
    context = _card_context(request, holder) | {
        "organisation": holder.organisation,
        "printed_on": timezone.localdate(),
    }
    pdf = render_pdf("cards/card_pdf.html", context, request)
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
        services.enter_paper_card(holder, lines, written_by=request.actor.employee)
        messages.success(
            request,
            _("%(count)d punten opgeslagen op de kaart van %(name)s.")
            % {"count": len(lines), "name": holder.first_name},
        )
        return redirect("card-detail", employee_id=holder.pk)
    return render(
        request,
        "cards/card_paper.html",
        {"holder": holder, "form": form, "health_warning": HEALTH_WARNING},
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
    )
    agreement_form = TeamAgreementForm(
        request.POST if request.POST.get("action") == "agreement" else None
    )
    if request.method == "POST":
        if settings_form.is_bound and settings_form.is_valid():
            services.set_name_display(team, settings_form.cleaned_data["name_display"])
            messages.success(request, _("Opgeslagen."))
            return redirect("teamcard-edit", team_id=team.pk)
        if agreement_form.is_bound and agreement_form.is_valid():
            services.add_team_agreement(
                team, written_by=request.actor.employee, **agreement_form.cleaned_data
            )
            messages.success(request, _("De afspraak staat op de teamkaart."))
            return redirect("teamcard-edit", team_id=team.pk)
    return render(
        request,
        "cards/teamcard_edit.html",
        {"kaart": kaart, "settings_form": settings_form, "agreement_form": agreement_form},
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
    services.remove_team_agreement(agreement)
    messages.success(request, _("De afspraak is van de teamkaart gehaald."))
    return redirect("teamcard-edit", team_id=team_id)
