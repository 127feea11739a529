"""The policy: one table of (kind of object, verb) → rule, and one ``require``.

Apps register their rules once (``koers/<app>/policy.py``, loaded by ``load_policies`` when
Django starts); actions call ``require(actor, verb, obj)`` inside their transaction and
get ``NotAllowed`` when the rule does not hold. A rule is a function ``(actor, obj) -> bool``,
usually built from a relation with ``on_person``.

    policy.register("plans.developmentplan", edit=on_person(OWN_OR_LED), sign=...)
    policy.require(actor, "edit", plan)
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from koers.access.actor import Actor
from koers.access.relations import Relation
from koers.lib.errors import NotAllowed
from koers.lib.registry import app_modules

Rule = Callable[[Actor, Any], bool]

_RULES: dict[tuple[str, str], Rule] = {}


def kind_of(obj: Any) -> str:
    """``policy_kind`` when the object names its kind, else its model label."""
    kind = getattr(obj, "policy_kind", None)
    if kind:
        return str(kind)
    meta = getattr(obj, "_meta", None)
    if meta is None:
        raise TypeError(f"{obj!r} has no policy kind")
    return meta.label_lower


def register(kind: str, **verbs: Rule) -> None:
    for verb, rule in verbs.items():
        key = (kind, verb)
        if key in _RULES and _RULES[key] is not rule:
            raise ValueError(f"policy rule {verb!r} for {kind!r} is registered twice")
        _RULES[key] = rule


def rules() -> dict[tuple[str, str], Rule]:
    """The whole table (for the meta-tests and the docs)."""
    return dict(_RULES)


def allows(actor: Actor, verb: str, obj: Any) -> bool:
    kind = kind_of(obj)
    try:
        rule = _RULES[(kind, verb)]
    except KeyError:
        raise LookupError(f"no policy rule {verb!r} for {kind!r}") from None
    return bool(rule(actor, obj))


def require(actor: Actor, verb: str, obj: Any) -> None:
    """Raise ``NotAllowed`` unless the rule for this verb on this kind of object holds."""
    if not allows(actor, verb, obj):
        raise NotAllowed(verb, kind_of(obj))


def on_person(relation: Relation, person: str = "employee") -> Rule:
    """A rule that holds when ``relation`` holds between the actor and the object's person
    (``person`` is an attribute path: "employee", "conversation.employee")."""
    get = attrgetter(person)

    def rule(actor: Actor, obj: Any) -> bool:
        return relation.holds(actor, get(obj))

    rule.__doc__ = f"{relation.name} of {person}"
    return rule


def on_self(relation: Relation) -> Rule:
    """A rule on a person's own record (an Employee): the relation holds with that person."""

    def rule(actor: Actor, person: Any) -> bool:
        return relation.holds(actor, person)

    rule.__doc__ = f"{relation.name} of the person"
    return rule


def has_role(*roles: str) -> Rule:
    """A rule that holds for an actor with one of these roles, on an object of their
    organisation (``obj.organisation_id``)."""

    def rule(actor: Actor, obj: Any) -> bool:
        return actor.has_role(*roles) and getattr(obj, "organisation_id", None) == (
            actor.organisation_id
        )

    return rule


def system_of_organisation(actor: Actor, organisation: Any) -> bool:
    """A job (``Actor.for_system``) acting for this organisation: ``koers remind``, the
    invitations' outbox, a new signing key. No person passes it."""
    return actor.system and actor.organisation_id == organisation.pk


def load_policies() -> None:
    """Import every app's ``policy`` module once, so that its ``register`` calls have run."""
    app_modules("policy")
