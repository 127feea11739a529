"""The lists of POPs (the employee's own, the manager's team, HR's organisation with filters and
totals) and making a new POP, by hand or after a talk (001 step 4)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.access.once import Duplicate, token_of
from koers.access.views import requires_role, visible
from koers.lib.paging import page_then_fill
from koers.organisations.models import Employee, Role
from koers.plans import actions, queries
from koers.plans.forms import PlanCreateForm, PlanFilterForm
from koers.plans.models import Category, DevelopmentPlan
from koers.plans.views import _form_page


def plan_list(request: HttpRequest) -> HttpResponse:
    """Employee: my plans. Manager: also my team's plans. HR: all plans with filters."""
    actor = request.actor
    if actor.employee_id is None:
        raise Http404
    own = queries.shown(
        actor,
        queries.plans_for(actor, {}).filter(employee=actor.employee_id).values("pk"),
    )
    context: dict[str, Any] = {"own_plans": own, "is_hr": actor.has_role(Role.HR)}
    if actor.has_role(Role.HR, Role.MANAGER):
        form = PlanFilterForm(request.GET or None, organisation=actor.organisation)
        filters = form.cleaned_data if form.is_valid() else {}
        plans = queries.plans_for(actor, filters).exclude(employee_id=actor.employee_id)
        page = page_then_fill(
            plans,
            request.GET.get("page"),
            settings.KOERS_PAGE_SIZE,
            lambda pks: queries.shown(actor, pks),
        )
        query = request.GET.copy()
        query.pop("page", None)
        totals = queries.cost_totals(plans)
        context |= {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "totals": totals,
            "category_totals": [(c.label, totals[c.value]) for c in Category],
            "can_create": actor.has_role(Role.MANAGER),
        }
        if actor.has_role(Role.MANAGER):
            context["without_plan"] = queries.team_members_without_plan(actor)
    return render(request, "plans/plan_list.html", context)


@requires_role(Role.MANAGER)
def plan_create(request: HttpRequest) -> HttpResponse:
    """001 step 4, by hand: a POP for someone in a team I lead."""
    actor = request.actor
    members = (
        visible(Employee, actor)
        .filter(team_id__in=actor.led_team_ids)
        .exclude(pk=actor.employee_id)
        .in_service()
        .select_related("team")
    )
    conversation = _held_conversation(request)
    initial = {"employee": request.GET.get("employee")} if request.GET.get("employee") else {}
    if conversation is not None:
        # One plan per conversation: its agreements already live in the plan the talk made.
        existing = visible(DevelopmentPlan, actor).filter(conversation=conversation).first()
        if existing is not None:
            return redirect("plan-detail", pk=existing.pk)
        members = members.filter(pk=conversation.employee_id)
        initial = {
            "employee": conversation.employee_id,
            "period_start": timezone.localtime(conversation.starts_at).date(),
        }
    form = PlanCreateForm(request.POST or None, initial=initial, team_members=members)
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.create_plan(
                actor,
                form.cleaned_data["employee"],
                period_start=form.cleaned_data["period_start"],
                conversation=conversation,
                token=token_of(form),
            )
        except Duplicate as duplicate:
            messages.info(request, duplicate.message)
            return redirect("plan-detail", pk=duplicate.existing.pk)
        messages.success(request, _("Het POP is aangemaakt. Voeg nu aandachtspunten toe."))
        return redirect("plan-detail", pk=plan.pk)
    return _form_page(request, form, None, _("Nieuw POP maken"))


def _held_conversation(request: HttpRequest) -> Any:
    """``?conversation=<id>``: a talk this manager held with someone they lead now. The
    conversations app sits above plans: its model is reached through the plan's relation."""
    pk = request.GET.get("conversation") or request.POST.get("conversation")
    if not pk:
        return None
    Conversation = DevelopmentPlan._meta.get_field("conversation").related_model
    try:
        return (
            Conversation.objects.visible_to(request.actor).led_by(request.actor).held().get(pk=pk)
        )
    except (Conversation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
