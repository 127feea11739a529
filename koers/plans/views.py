"""POP pages: the plan, editing its points and activities, sending it for signing (the lists
and making a plan: ``views_lists``; the PDFs: ``views_pdf``).

Signing, paper signing, the versions and a version's PDF are koers.signing's shared pages
(``koers.plans.signed.PlanDocument``).

Scope: ``DevelopmentPlan.objects.visible_to`` (employee: own; manager: the teams they lead
now; HR: the organisation). Writing is for the employee's current manager (the ``edit`` rule
in ``koers.plans.policy``); a plan outside the scope is a 404, a visible plan one may not
change is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access import policy
from koers.access.once import TOKEN_FIELD
from koers.access.views import get_visible_or_404, visible
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.plans import actions, queries, smart
from koers.plans.document import with_dates
from koers.plans.forms import (
    ActivityForm,
    PlanForm,
    PointForm,
    StatusForm,
    TrainingForm,
)
from koers.plans.models import Activity, Category, Course, DevelopmentPlan, DevelopmentPoint
from koers.plans.signed import PlanDocument
from koers.signing.models import VersionFrozen
from koers.signing.pages import status_box
from koers.signing.sealing import check_version


def _plan(request: HttpRequest, pk: int) -> DevelopmentPlan:
    return queries.plan_for_page(request.actor, pk)


def _editable_plan(request: HttpRequest, pk: int) -> DevelopmentPlan:
    plan = get_visible_or_404_plan(request, pk)
    if not policy.allows(request.actor, "edit", plan):
        raise PermissionDenied
    if PlanDocument(plan).status.waits_for_manager:
        messages.error(
            request,
            _(
                "De medewerker heeft al getekend. Teken eerst; "
                "daarna kunt u een nieuwe versie maken."
            ),
        )
        raise _Redirect(plan)
    return plan


class _Redirect(Exception):
    def __init__(self, plan: DevelopmentPlan) -> None:
        self.plan = plan


def get_visible_or_404_plan(request: HttpRequest, pk: int) -> DevelopmentPlan:
    return get_visible_or_404(
        DevelopmentPlan.objects.select_related("employee__team", "organisation"),
        request.actor,
        pk=pk,
    )


def editing(view: Any) -> Any:
    """Turn a refusal to edit a signed-by-employee plan into a redirect to the plan."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Redirect as stop:
            return redirect("plan-detail", pk=stop.plan.pk)
        except VersionFrozen:
            messages.error(request, _("Deze versie is getekend en verandert niet meer."))
            return redirect("plan-detail", pk=kwargs["pk"])

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _form_page(
    request: HttpRequest, form: Any, plan: DevelopmentPlan | None, title: str, **extra: Any
) -> HttpResponse:
    status = 409 if extra.get("conflict") else 200
    context = {"form": form, "plan": plan, "title": title, **extra}
    return render(request, "plans/form.html", context, status=status)


def _stale(
    request: HttpRequest, form: Any, stale: concurrency.StaleEdit, values: dict[str, Any]
) -> concurrency.Conflict:
    """Someone else saved first: the form keeps the user's values and gets the new token."""
    conflict = concurrency.conflict(stale, values, form=form, posted=request.POST)
    concurrency.with_revision(form, conflict.revision)
    return conflict


# --- the plan ------------------------------------------------------------------------------


def _grouped(plan: DevelopmentPlan, totals: dict[str, Any], with_smart: bool) -> list[dict]:
    points = list(plan.points.all())
    groups = []
    for category in Category:
        rows = [
            {
                "point": point,
                "activities": list(point.activities.all()),
                "smart": smart.check(smart.values_of(point)) if with_smart else [],
            }
            for point in points
            if point.category == category.value
        ]
        groups.append(
            {
                "key": category.value,
                "label": category.label,
                "rows": rows,
                "total": totals[category.value],
            }
        )
    return groups


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    actor = request.actor
    document = PlanDocument(plan)
    if document.reads_signed_only(actor):
        return _signed_version_page(request, document)
    actions.record_read(actor, plan)
    totals = queries.plan_totals(plan)
    can_edit = policy.allows(actor, "edit", plan)
    box = status_box(document, actor)
    in_progress = [a for p in plan.points.all() for a in p.activities.all() if a.is_in_progress]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "groups": _grouped(plan, totals, with_smart=can_edit and box.status.is_draft),
            "totals": totals,
            "box": box,
            "can_edit": can_edit,
            "can_edit_content": can_edit and not box.status.waits_for_manager,
            "can_track": policy.allows(actor, "track", plan),
            "in_progress": in_progress,
            "personal_fields": plan.employee.kept_personal_values(),
            "is_own": actor.employee_id == plan.employee_id,
        },
    )


def _signed_version_page(request: HttpRequest, document: PlanDocument) -> HttpResponse:
    """HR (the personnel file): the current signed version, read-only from its frozen
    snapshot; the progress of its activities for the training administration. A draft's
    content is not shown."""
    actor = request.actor
    plan = document.plan
    signed = document.current_signed()
    latest = document.latest
    if signed is None:
        actions.record_read(actor, plan)
    else:
        actions.record_read(actor, plan, "plan.version_read", number=signed.number)
    activities = (
        list(
            queries.activities_in_signed_version(plan)
            .select_related("point")
            .order_by("point__position", "point_id", "period_from", "pk")
        )
        if signed
        else []
    )
    return render(
        request,
        "plans/plan_detail_hr.html",
        {
            "plan": plan,
            "signed": signed,
            "verification": check_version(actor, signed),
            "doc": with_dates(signed.snapshot) if signed else None,
            "newer_draft": signed is not None and latest is not None and latest.pk != signed.pk,
            "activities": activities,
            "can_track": policy.allows(actor, "track", plan),
        },
    )


@editing
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_plan(
                request.actor, plan, expected_revision=form.expected_revision, **form.cleaned_data
            )
        except concurrency.StaleEdit as stale:
            conflict = _stale(request, form, stale, form.cleaned_data)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("plan-detail", pk=plan.pk)
    return _form_page(request, form, plan, _("Periode en ervaring"), conflict=conflict)


@editing
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        token = values.pop(TOKEN_FIELD, "")
        actions.add_training(request.actor, plan, token=token, **values)
        messages.success(request, _("De opleiding is toegevoegd."))
        return redirect("plan-detail", pk=plan.pk)
    return _form_page(request, form, plan, _("Gevolgde opleiding toevoegen"))


@require_POST
@editing
def training_delete(request: HttpRequest, pk: int, training_id: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    training = get_object_or_404(plan.trainings, pk=training_id)
    actions.remove_training(request.actor, training)
    messages.success(request, _("De opleiding is verwijderd."))
    return redirect("plan-detail", pk=plan.pk)


@editing
def point_edit(request: HttpRequest, pk: int, point_id: int | None = None) -> HttpResponse:
    """A development point and its SMART agreement (003 step 3)."""
    plan = _editable_plan(request, pk)
    point = get_object_or_404(DevelopmentPoint, plan=plan, pk=point_id) if point_id else None
    initial = {"category": request.GET.get("category")} if point is None else None
    form = PointForm(request.POST or None, instance=point, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = actions.save_point(
                request.actor, plan, point, expected_revision=form.expected_revision, **values
            )
        except concurrency.StaleEdit as stale:
            conflict = _stale(request, form, stale, values)
            return _form_page(
                request, form, plan, _("Aandachtspunt wijzigen"), smart_help=True, conflict=conflict
            )
        missing = smart.check(values)
        if missing:
            messages.warning(
                request,
                _("Opgeslagen. Nog niet SMART: %(missing)s") % {"missing": " ".join(missing)},
            )
        else:
            messages.success(request, _("Opgeslagen. Deze afspraak is SMART."))
        return redirect(f"{plan_url(plan)}#point-{saved.pk}")
    title = _("Aandachtspunt wijzigen") if point else _("Aandachtspunt toevoegen")
    return _form_page(request, form, plan, title, smart_help=True)


def plan_url(plan: DevelopmentPlan) -> str:
    from django.urls import reverse

    return reverse("plan-detail", args=[plan.pk])


@editing
def point_delete(request: HttpRequest, pk: int, point_id: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    point = get_object_or_404(DevelopmentPoint, plan=plan, pk=point_id)
    if request.method == "POST":
        actions.remove_point(request.actor, point)
        messages.success(request, _("Het aandachtspunt is verwijderd."))
        return redirect("plan-detail", pk=plan.pk)
    return render(
        request,
        "plans/confirm_delete.html",
        {
            "plan": plan,
            "what": point.title,
            "warning": _("De activiteiten bij dit punt worden ook verwijderd."),
        },
    )


def _courses(request: HttpRequest) -> Any:
    return visible(Course, request.actor).filter(is_active=True)


@editing
def activity_edit(
    request: HttpRequest, pk: int, point_id: int | None = None, activity_id: int | None = None
) -> HttpResponse:
    """001 form: an activity; a catalogue course fills name, institute, number and cost."""
    plan = _editable_plan(request, pk)
    if activity_id:
        activity = get_object_or_404(
            Activity.objects.select_related("point"), point__plan=plan, pk=activity_id
        )
        point = activity.point
    else:
        activity = None
        point = get_object_or_404(DevelopmentPoint, plan=plan, pk=point_id)
    courses = _courses(request)
    if activity and activity.course_id:
        courses = visible(Course, request.actor).filter(is_active=True) | visible(
            Course, request.actor
        ).filter(pk=activity.course_id)
    form = ActivityForm(request.POST or None, instance=activity, courses=courses)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            actions.save_activity(
                request.actor, point, activity, expected_revision=form.expected_revision, **values
            )
        except concurrency.StaleEdit as stale:
            conflict = _stale(request, form, stale, values)
        else:
            messages.success(request, _("De activiteit is opgeslagen."))
            return redirect(f"{plan_url(plan)}#point-{point.pk}")
    title = _("Activiteit wijzigen") if activity else _("Activiteit toevoegen")
    course_rows = list(form.fields["course"].queryset)
    return _form_page(
        request,
        form,
        plan,
        title,
        point=point,
        course_data=[
            {
                "id": c.pk,
                "name": c.name,
                "institute": c.institute,
                "number": c.course_number,
                "cost": f"{c.cost:.2f}",
            }
            for c in course_rows
        ],
        courses=course_rows,
        activity_form=True,
        conflict=conflict,
    )


@editing
def activity_delete(request: HttpRequest, pk: int, activity_id: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    activity = get_object_or_404(Activity, point__plan=plan, pk=activity_id)
    if request.method == "POST":
        actions.remove_activity(request.actor, activity)
        messages.success(request, _("De activiteit is verwijderd."))
        return redirect("plan-detail", pk=plan.pk)
    return render(
        request, "plans/confirm_delete.html", {"plan": plan, "what": activity.description}
    )


@require_POST
def activity_status(request: HttpRequest, pk: int, activity_id: int) -> HttpResponse:
    """Progress: aangemeld, bezig, afgerond (or geannuleerd). No new signature."""
    plan = get_visible_or_404_plan(request, pk)
    if not policy.allows(request.actor, "track", plan):
        raise PermissionDenied
    activities = Activity.objects.filter(point__plan=plan)
    if queries.reads_signed_version_only(plan, request.actor):
        activities = queries.activities_in_signed_version(plan)
    activity = get_object_or_404(activities, pk=activity_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            actions.change_activity_status(request.actor, activity, form.cleaned_data["status"])
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("%(what)s: %(status)s.")
                % {"what": activity.description, "status": activity.get_status_display()},
            )
    if queries.reads_signed_version_only(plan, request.actor):
        return redirect(f"{plan_url(plan)}#activity-{activity.pk}")
    return redirect(f"{plan_url(plan)}#point-{activity.point_id}")


# --- signing and versions ------------------------------------------------------------------


@require_POST
@editing
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """003 dossier: the manager offers this version to the employee to sign."""
    plan = _editable_plan(request, pk)
    try:
        version = actions.send_for_signing(request.actor, plan)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Versie %(number)s staat klaar. De medewerker tekent eerst, daarna u.")
            % {"number": version.number},
        )
    return redirect("plan-detail", pk=plan.pk)
