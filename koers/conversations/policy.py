"""Who may do what with a conversation (the access policy table)."""

from __future__ import annotations

from koers.access import policy
from koers.access.relations import FILE_READERS, LED_NOW, OWN, OWN_OR_LED

policy.register(
    "conversations.conversation",
    # 001: the employee, their current manager and HR of the organisation read it.
    read=policy.on_person(FILE_READERS),
    # The current manager plans, moves, cancels and conducts the talk (Gesprek voeren).
    conduct=policy.on_person(LED_NOW),
    # Each side prepares its own part; the manager reads the employee's once shared.
    prepare=policy.on_person(OWN_OR_LED),
    # The employee shares their preparation.
    share=policy.on_person(OWN),
)
