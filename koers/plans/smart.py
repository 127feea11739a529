"""The SMART check of an agreement (003 step 3, 004): plain functions, plain Dutch.

Used by the POP's development points now and by the conversation cycle's agreements later,
so there is one definition of "SMART enough". Input is a mapping with the agreement's parts;
output is the list of what is still missing, each as a sentence an employee can read (B1).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

# Fewer words than this and a goal is rarely specific.
MIN_GOAL_WORDS = 3

PARTS = (
    "goal",
    "measure",
    "approach",
    "employee_part",
    "employer_part",
    "support",
    "deadline",
    "follow_up",
)


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def missing_parts(
    values: Mapping[str, Any], today: datetime.date | None = None
) -> list[tuple[str, str]]:
    """(part, message) for each SMART part that is missing or not yet good enough."""
    today = today or timezone.localdate()
    problems: list[tuple[str, str]] = []
    goal = _text(values, "goal")
    if not goal:
        problems.append(("goal", _("Schrijf op wat u wilt bereiken (Specifiek).")))
    elif len(goal.split()) < MIN_GOAL_WORDS:
        problems.append(("goal", _("Beschrijf het doel wat preciezer (Specifiek).")))
    if not _text(values, "measure"):
        problems.append(
            (
                "measure",
                _("Schrijf op hoe u en uw leidinggevende zien dat het gelukt is (Meetbaar)."),
            )
        )
    if not _text(values, "approach"):
        problems.append(("approach", _("Schrijf op hoe u het gaat aanpakken.")))
    if not _text(values, "employee_part") and not _text(values, "employer_part"):
        problems.append(
            (
                "employee_part",
                _("Schrijf op wat u zelf doet en wat uw werkgever doet (Aanvaardbaar)."),
            )
        )
    elif not _text(values, "employer_part"):
        problems.append(("employer_part", _("Schrijf op wat de werkgever doet (Aanvaardbaar).")))
    elif not _text(values, "employee_part"):
        problems.append(("employee_part", _("Schrijf op wat de medewerker zelf doet.")))
    if not _text(values, "support"):
        problems.append(
            (
                "support",
                _(
                    "Schrijf op welke hulp, tijd of welk geld nodig is (Realistisch). "
                    "Is er niets nodig? Schrijf dan 'niets'."
                ),
            )
        )
    deadline = values.get("deadline")
    if not deadline:
        problems.append(("deadline", _("Kies een datum waarop het klaar is (Tijdsgebonden).")))
    elif isinstance(deadline, datetime.date) and deadline < today:
        problems.append(("deadline", _("De datum ligt in het verleden. Kies een nieuwe datum.")))
    if not _text(values, "follow_up"):
        problems.append(("follow_up", _("Schrijf op hoe en wanneer u de voortgang bespreekt.")))
    return problems


def check(values: Mapping[str, Any], today: datetime.date | None = None) -> list[str]:
    """The messages only: an empty list means the agreement is SMART."""
    return [message for _part, message in missing_parts(values, today)]


def is_smart(values: Mapping[str, Any], today: datetime.date | None = None) -> bool:
    return not missing_parts(values, today)


def values_of(obj: Any) -> dict[str, Any]:
    """The SMART parts of a model instance (a development point, an agreement)."""
    return {part: getattr(obj, part, None) for part in PARTS}
