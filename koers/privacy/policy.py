"""Who may erase what: only ``koers retention`` (a system actor of the organisation), and
only a file whose retention period has passed."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from koers.access import policy
from koers.access.actor import Actor
from koers.access.relations import AS_HR, OWN


def _due(actor: Actor, employee: Any) -> bool:
    if not (actor.system and actor.organisation_id == employee.organisation_id):
        return False
    erase_on = employee.erase_on
    return erase_on is not None and erase_on <= timezone.localdate()


policy.register(
    "organisations.employee",
    erase=_due,
    # "Alles over mij" (AVG art. 15): the person themselves, or HR on the person's request
    # (with what HR may read: never the gezond theme or an unshared preparation).
    export_file=policy.on_self(OWN),
    export_file_on_request=policy.on_self(AS_HR),
    # "Klopt niet" (AVG art. 16): the person says what is wrong in their own data.
    request_correction=policy.on_self(OWN),
)
# HR answers a correction request of its organisation.
policy.register("privacy.correctionrequest", handle_correction=policy.on_person(AS_HR))
policy.register("organisations.organisation", expire_imports=policy.system_of_organisation)
