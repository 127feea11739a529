"""Who may change a login's preferences: the user themselves."""

from __future__ import annotations

from typing import Any

from koers.access import policy
from koers.access.actor import Actor


def _themselves(actor: Actor, user: Any) -> bool:
    return actor.user_id is not None and actor.user_id == user.pk


policy.register("accounts.user", set_language=_themselves)
