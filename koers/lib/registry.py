"""Per-app hooks, found by module name so that apps stay out of each other's files.

- ``koers.<app>.nav.items(actor)`` → navigation entries for the base layout.
- ``koers.<app>.audit_verbs.VERBS`` → the audit verbs that app records (koers.audit.verbs).
- ``koers.<app>.demo.extend_demo(organisation)`` → demo data of that app, run by load_demo
  in INSTALLED_APPS order after the organisations exist.
- ``koers.<app>.evaluation.notes(employee, actor, before=...)`` → notes per plan point for
  the Evaluatie phase of the next talk (apps above the conversation cycle contribute them).
- ``koers.<app>.policy`` → the app's rules in the access policy table (imported once).
- ``koers.<app>.founding.organisation_founded(actor, organisation)`` → what that app sets up
  for a new organisation (the default conversation templates), inside the founding action,
  so that no page has to create rows when it is first opened.
- ``koers.<app>.on_event.handle(event)`` → what that app does when an audit event is recorded
  (follow-up: the notices on the event), called by ``koers.audit.events.record`` after it
  saved the event, inside the same transaction.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # url names that mark this entry as the current page
    active_for: tuple[str, ...] = ()
    # or, when the URL name alone does not tell: (resolver match, actor) -> is this the page?
    is_current: Callable[[Any, Any], bool] | None = None

    def current_for(self, match: Any, actor: Any) -> bool:
        if match is None:
            return False
        if self.is_current is not None:
            return self.is_current(match, actor)
        return match.url_name == self.url_name or match.url_name in self.active_for


@cache
def app_modules(submodule: str) -> tuple[ModuleType, ...]:
    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("koers."):
            continue
        try:
            found.append(importlib.import_module(f"{app}.{submodule}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{submodule}":
                raise
    return tuple(found)


def nav_items(actor: object) -> Iterator[NavItem]:
    for module in app_modules("nav"):
        yield from module.items(actor)


def evaluation_notes(employee: Any, actor: Any, *, before: Any = None) -> list[Any]:
    """004 Evaluatie: notes on the points of the employee's plans that apps above the
    conversation cycle contribute (``koers.<app>.evaluation.notes``; the progress notes of
    follow-up), scoped to what ``actor`` may read; each has a ``point_id``."""
    found: list[Any] = []
    for module in app_modules("evaluation"):
        found.extend(module.notes(employee, actor, before=before))
    return found


def organisation_founded(actor: Any, organisation: Any) -> None:
    """Let every app set up a new organisation (``koers.<app>.founding``), in INSTALLED_APPS
    order, inside the founding action's transaction."""
    for module in app_modules("founding"):
        module.organisation_founded(actor, organisation)


def event_recorded(event: Any) -> None:
    """Tell every app that an audit event was recorded (``koers.<app>.on_event.handle``), in
    INSTALLED_APPS order, inside the recording transaction."""
    for module in app_modules("on_event"):
        module.handle(event)
