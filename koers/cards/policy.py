"""Who may change a gesprekskaart or a teamkaart (the access policy table).

000 and domain.md "Who sees what": a card is the employee's and their current manager's,
never HR's (the gezond theme stays between the two); only the employee shares an item with
the team; the current manager puts an agreement in the POP and keeps the teamkaart.
"""

from __future__ import annotations

from typing import Any

from koers.access import policy
from koers.access.actor import Actor
from koers.access.relations import LED_NOW, OWN, OWN_OR_LED


def _leads_team(actor: Actor, team: Any) -> bool:
    """The actor leads this team now (the teamkaart's choices and gedeelde afspraken)."""
    return (
        actor.employee_id is not None
        and team.organisation_id == actor.organisation_id
        and team.pk in actor.led_team_ids
    )


policy.register(
    "organisations.employee",
    # The employee or their current manager reads the card (HR never: gezond stays between
    # the two) and writes on it (and starts a new period).
    read_card=policy.on_self(OWN_OR_LED),
    write_card=policy.on_self(OWN_OR_LED),
    # The manager types in a filled paper card.
    enter_paper_card=policy.on_self(LED_NOW),
)
policy.register(
    "cards.carditem",
    # Change, remove, or take off the teamkaart: the employee or the current manager.
    change=policy.on_person(OWN_OR_LED, "card.employee"),
    # Only the employee decides what their team sees.
    share=policy.on_person(OWN, "card.employee"),
    # 001 step 4: the current manager puts a card agreement in the POP.
    to_plan=policy.on_person(LED_NOW, "card.employee"),
)
policy.register("organisations.team", edit_teamcard=_leads_team)
policy.register(
    "cards.teamagreement",
    remove=lambda actor, agreement: _leads_team(actor, agreement.team_card.team),
)
