"""Who may change what in the follow-up (the access policy table)."""

from __future__ import annotations

from typing import Any

from koers.access import policy
from koers.access.actor import Actor
from koers.access.relations import AS_HR, LED_NOW, OWN, OWN_OR_LED


def _recipient(actor: Actor, notice: Any) -> bool:
    return actor.employee_id is not None and notice.recipient_id == actor.employee_id


def _own_login(actor: Actor, preference: Any) -> bool:
    return actor.user_id is not None and preference.user_id == actor.user_id


policy.register(
    "plans.developmentplan",
    # Who sees what: the employee writes their own progress notes; the current manager too.
    write_check_in=policy.on_person(OWN_OR_LED),
)
policy.register(
    "plans.activity",
    # 001: the employee answers "is de cursus echt begonnen?" (the manager keeps the status).
    answer_course_check=policy.on_person(OWN, "point.plan.employee"),
)
policy.register(
    "organisations.employee",
    # 002 step 4: HR, or the current manager, agrees the talk interval with the employee.
    agree_interval=policy.on_self(LED_NOW | AS_HR),
    # Everyone reads their own notices.
    read_notices=policy.on_self(OWN),
)
policy.register("followup.notice", read=_recipient)
policy.register("followup.notificationpreference", change=_own_login)
policy.register("organisations.organisation", remind=policy.system_of_organisation)
