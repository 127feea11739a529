"""A new organisation starts with the sources' four kinds of talk and their templates
(``koers.lib.registry.organisation_founded``, called by the founding action)."""

from __future__ import annotations

from koers.access.actor import Actor
from koers.conversations.actions.templates import ensure_default_templates
from koers.organisations.models import Organisation


def organisation_founded(actor: Actor, organisation: Organisation) -> None:
    ensure_default_templates(actor, organisation)
