"""The audit app's ``record``, for the actions of organisations and accounts.

The audit app sits above these two (its events point at organisations and employees), so
they cannot import it. As the access layer reaches the actor loader through
``settings.KOERS_ACTOR_LOADER``, these actions reach ``koers.audit.events.record`` through
``settings.KOERS_AUDIT_RECORDER``: the same function, the same transaction, the same chain.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

from koers.access.actor import Actor


@cache
def _recorder() -> Callable[..., Any]:
    return import_string(settings.KOERS_AUDIT_RECORDER)


def record(
    actor: Actor,
    verb: str,
    subject: models.Model | None = None,
    *,
    employee: Any = None,
    people: Any = None,
    **params: Any,
) -> Any:
    """Append one event (see ``koers.audit.events.record``); call it inside the action's
    transaction."""
    return _recorder()(actor, verb, subject, employee=employee, people=people, **params)
