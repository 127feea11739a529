"""The one access mechanism: who is asking (the Actor) and what they may see.

Every view that returns organisation data goes through this module: ``requires_role`` for
the role a page needs, and ``get_visible_or_404`` / ``Model.objects.visible_to(actor)`` for
the rows. A row outside the actor's scope is a 404, never a 403, so that its existence
does not leak across organisations or teams.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from koers.organisations.models import Employee, Role, Team

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Actor:
    """The signed-in person as Koers sees them: organisation, employee record, roles."""

    user_id: int | None = None
    employee_id: int | None = None
    organisation_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    led_team_ids: frozenset[int] = field(default_factory=frozenset)
    employee: Employee | None = None

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        if user is None or not user.is_authenticated:
            return cls()
        employee = (
            Employee.objects.select_related("organisation", "team__department")
            .filter(user_id=user.pk)
            .first()
        )
        if employee is None or not employee.is_in_service():
            return cls(user_id=user.pk)
        return cls.for_employee(employee)

    @classmethod
    def for_employee(cls, employee: Employee) -> Actor:
        """The actor for a person, with or without a login (demo data, commands, tests)."""
        led = frozenset(Team.objects.filter(managers=employee).values_list("pk", flat=True))
        roles = {Role.EMPLOYEE.value}
        if led:
            roles.add(Role.MANAGER.value)
        if employee.is_hr:
            roles.add(Role.HR.value)
        if employee.is_org_admin:
            roles.add(Role.ORG_ADMIN.value)
        return cls(
            user_id=employee.user_id,
            employee_id=employee.pk,
            organisation_id=employee.organisation_id,
            roles=frozenset(roles),
            led_team_ids=led,
            employee=employee,
        )

    def has_role(self, *roles: str) -> bool:
        return any(str(role) in self.roles for role in roles)

    @property
    def organisation(self) -> Any:
        return self.employee.organisation if self.employee else None


class ActorMiddleware:
    """Attach ``request.actor``, computed once per request and only when used."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: Actor.for_user(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)


def actor_context(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    from koers.lib.registry import nav_items

    match = request.resolver_match
    items = (
        [{"item": item, "current": item.current_for(match, actor)} for item in nav_items(actor)]
        if actor.employee_id
        else []
    )
    return {"actor": actor, "nav_items": items}


def requires_role(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A page for these roles only; anyone else signed in gets 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.actor.has_role(*roles):  # type: ignore[attr-defined]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = frozenset(str(role) for role in roles)  # type: ignore[attr-defined]
        return wrapper

    return decorator


def is_current_manager(manager: Employee, employee: Employee) -> bool:
    """A manager is the employee's *current* manager: a manager of the employee's team now.
    When someone changes team, the new manager sees their file and the old one no longer does."""
    return (
        employee.team_id is not None
        and employee.pk != manager.pk
        and Team.managers.through.objects.filter(
            team_id=employee.team_id, employee_id=manager.pk
        ).exists()
    )


def visible(model: type[M], actor: Actor) -> models.QuerySet[M]:
    """The rows of ``model`` this actor may see; every model defines ``visible_to``."""
    return model._default_manager.all().visible_to(actor)  # type: ignore[attr-defined]


def get_visible_or_404(
    model_or_queryset: type[M] | models.QuerySet[M], actor: Actor, **lookup: Any
) -> M:
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset.visible_to(actor)  # type: ignore[attr-defined]
    else:
        queryset = visible(model_or_queryset, actor)
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
