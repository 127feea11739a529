"""Who is asking: the signed-in person as Koers sees them, computed once per request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Actor:
    """Organisation, employee record, team, roles and the teams led now.

    Built by the organisations app (``koers.organisations.actors``) from the database; this
    layer only reads the fields. ``system`` marks a job acting for an organisation (reminders,
    retention): it has no employee record and no role, so it passes no person-based rule."""

    user_id: int | None = None
    employee_id: int | None = None
    organisation_id: int | None = None
    team_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    led_team_ids: frozenset[int] = field(default_factory=frozenset)
    employee: Any = None
    system: bool = False

    @classmethod
    def for_system(cls, organisation_id: int) -> Actor:
        """A job acting for one organisation (commands, scheduled work)."""
        return cls(organisation_id=organisation_id, system=True)

    def has_role(self, *roles: str) -> bool:
        return any(str(role) in self.roles for role in roles)

    @property
    def organisation(self) -> Any:
        return self.employee.organisation if self.employee else None


@cache
def _loader() -> Callable[[Any], Actor]:
    return import_string(settings.KOERS_ACTOR_LOADER)


def actor_for_request(request: HttpRequest) -> Actor:
    return _loader()(request.user)


class ActorMiddleware:
    """Attach ``request.actor``, computed once per request and only when used."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: actor_for_request(request))  # type: ignore[attr-defined]
        return self.get_response(request)
