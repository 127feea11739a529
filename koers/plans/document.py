"""The POP as a document: exactly what is signed, and what the PDF prints (001's form).

``plan_document`` turns a plan (as loaded by ``queries.plan_for_page``) into plain JSON data.
The same data is frozen in a signed version, so a signed version prints as it was signed,
whatever changed in the plan afterwards.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from koers.lib.pdf import pdf_response, render_pdf
from koers.organisations.models import Employee
from koers.plans.models import ActivityStatus, Category, DevelopmentPlan
from koers.plans.queries import plan_totals
from koers.signing.models import Version, VersionStatus
from koers.signing.sealing import VerificationResult

DOCUMENT_KIND = "pop"
TEMPLATE = "plans/plan_pdf.html"
# 2: points and activities carry their id, so progress can be matched to a signed version.
DOCUMENT_FORMAT = 2


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _employee_block(plan: DevelopmentPlan) -> dict[str, Any]:
    return employee_block(plan.employee)


def employee_block(employee: Employee) -> dict[str, Any]:
    team = employee.team
    return {
        "name": employee.full_name,
        "initials": employee.initials,
        "personnel_number": employee.personnel_number,
        "department": team.department.name if team else "",
        "team": team.name if team else "",
        "function": employee.function,
        "hours_per_week": str(employee.hours_per_week) if employee.hours_per_week else "",
        "in_service_since": _date(employee.in_service_since),
        "contract_type": employee.get_contract_type_display() if employee.contract_type else "",
        # Only the optional fields the organisation keeps (data minimisation).
        "personal": [
            [label, value.isoformat() if isinstance(value, datetime.date) else str(value or "")]
            for label, value in employee.kept_personal_values()
        ],
    }


def plan_document(plan: DevelopmentPlan, totals: dict[str, Decimal] | None = None) -> dict:
    totals = totals if totals is not None else plan_totals(plan)
    points = list(plan.points.all())
    categories = []
    in_progress = []
    for category in Category:
        rows = []
        for point in points:
            if point.category != category.value:
                continue
            activities = []
            for activity in point.activities.all():
                activities.append(
                    {
                        "id": activity.pk,
                        "kind": activity.kind,
                        "kind_label": str(activity.get_kind_display()),
                        "description": activity.description,
                        "institute": activity.institute,
                        "course_number": activity.course_number,
                        "cost": _money(activity.cost),
                        "period_from": _date(activity.period_from),
                        "period_to": _date(activity.period_to),
                        "in_working_time": activity.in_working_time,
                        "remarks": activity.remarks,
                        "owner": activity.owner,
                        "owner_label": str(activity.get_owner_display()),
                        "status": activity.status,
                        "status_label": str(activity.get_status_display()),
                    }
                )
                if activity.status == ActivityStatus.STARTED:
                    in_progress.append(activity.description)
            rows.append(
                {
                    "id": point.pk,
                    "title": point.title,
                    "on_card": point.card_item_id is not None,
                    "goal": point.goal,
                    "measure": point.measure,
                    "approach": point.approach,
                    "employee_part": point.employee_part,
                    "employer_part": point.employer_part,
                    "support": point.support,
                    "deadline": _date(point.deadline),
                    "follow_up": point.follow_up,
                    "activities": activities,
                }
            )
        categories.append(
            {
                "key": category.value,
                "label": str(category.label),
                "points": rows,
                "total": _money(totals[category.value]),
            }
        )
    return {
        "kind": DOCUMENT_KIND,
        "format": DOCUMENT_FORMAT,
        "plan_id": plan.pk,
        "company": plan.organisation.name,
        "period_start": _date(plan.period_start),
        "period_end": _date(plan.period_end),
        "employee": _employee_block(plan),
        "trainings": [
            {
                "name": t.name,
                "year": t.year,
                "diploma": t.diploma,
                "institute": t.institute,
            }
            for t in plan.trainings.all()
        ],
        "work_experience": plan.work_experience,
        "categories": categories,
        "in_progress": in_progress,
        "total": _money(totals["total"]),
        "made_on": _date(timezone.localdate()),
    }


def blank_document(employee: Employee) -> dict:
    """001 step 2: "een nog niet ingevuld POP kan een hulpmiddel zijn" — the form with the
    employee's own block filled in and everything else empty, to fill in by hand."""
    return {
        "kind": DOCUMENT_KIND,
        "format": DOCUMENT_FORMAT,
        "plan_id": None,
        "company": employee.organisation.name,
        "period_start": None,
        "period_end": None,
        "employee": employee_block(employee),
        "trainings": [],
        "work_experience": "",
        "categories": [
            {"key": c.value, "label": str(c.label), "points": [], "total": "0"} for c in Category
        ],
        "in_progress": [],
        "total": "0",
        "made_on": None,
    }


def with_dates(document: dict) -> dict:
    """Parse the ISO dates back for templates (the stored snapshot keeps text)."""

    def parse(value: str | None) -> datetime.date | None:
        return datetime.date.fromisoformat(value) if value else None

    result = {**document}
    result["period_start"] = parse(document.get("period_start"))
    result["period_end"] = parse(document.get("period_end"))
    result["made_on"] = parse(document.get("made_on"))
    result["employee"] = {
        **document["employee"],
        "in_service_since": parse(document["employee"].get("in_service_since")),
    }
    result["categories"] = [
        {
            **category,
            "total": Decimal(category["total"]),
            "points": [
                {
                    **point,
                    "deadline": parse(point.get("deadline")),
                    "activities": [
                        {
                            **activity,
                            "cost": Decimal(activity["cost"]),
                            "period_from": parse(activity.get("period_from")),
                            "period_to": parse(activity.get("period_to")),
                        }
                        for activity in point["activities"]
                    ],
                }
                for point in category["points"]
            ],
        }
        for category in document["categories"]
    ]
    result["total"] = Decimal(document["total"])
    return result


def pdf_context(
    document: dict,
    version: Version | None,
    verification: VerificationResult,
    *,
    is_concept: bool,
    number: int | None = None,
) -> dict[str, Any]:
    """What 001's form on paper shows. A version waiting for signatures prints with lines to
    sign by hand; a version that does not verify says so."""
    return {
        "doc": with_dates(document),
        "version": version,
        "version_number": number or (version.number if version else 1),
        "is_concept": is_concept,
        "verification": verification,
        "employee_lines": version is not None and version.status == VersionStatus.TO_SIGN,
        "manager_lines": version is not None
        and version.status in (VersionStatus.TO_SIGN, VersionStatus.EMPLOYEE_SIGNED),
        "employee_signature": version.employee_signature if version else None,
        "manager_signature": version.manager_signature if version else None,
    }


def pdf_filename(plan: DevelopmentPlan, suffix: str = "") -> str:
    return f"pop-{plan.employee.personnel_number}-{plan.pk}{suffix}.pdf"


def render(
    request: HttpRequest,
    plan: DevelopmentPlan,
    document: dict,
    version: Version | None,
    verification: VerificationResult,
    *,
    is_concept: bool,
    number: int | None = None,
    suffix: str = "",
) -> HttpResponse:
    """001's form on paper, as a download (``pdf_context``)."""
    context = pdf_context(document, version, verification, is_concept=is_concept, number=number)
    pdf = render_pdf(TEMPLATE, context, request)
    return pdf_response(pdf, pdf_filename(plan, suffix))


def activity_ids(document: dict) -> list[int] | None:
    """The activities a frozen document holds; None for an older document without ids."""
    ids = [
        activity.get("id")
        for category in document.get("categories", [])
        for point in category["points"]
        for activity in point["activities"]
    ]
    return None if any(i is None for i in ids) else ids
