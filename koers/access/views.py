"""What views use from the access layer: the role a page needs, the rows of a model the
actor may see, a 404 for any row outside that, and the page for ``NotAllowed``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.views.defaults import permission_denied

from koers.lib.errors import NotAllowed
from koers.lib.registry import nav_items

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponse]


def requires_role(*roles: str) -> Callable[[View], View]:
    """A page for these roles only; anyone else signed in gets 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.actor.has_role(*roles):  # type: ignore[attr-defined]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = frozenset(str(role) for role in roles)  # type: ignore[attr-defined]
        return wrapper

    return decorator


def requires_employee(view: View) -> View:
    """A page for someone with an employee record in an organisation (not a bare login)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.actor.employee_id is None:  # type: ignore[attr-defined]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def visible(model: type[M], actor: Any) -> models.QuerySet[M]:
    """The rows of ``model`` this actor may see; every model defines ``visible_to``."""
    return model._default_manager.all().visible_to(actor)  # type: ignore[attr-defined]


def get_visible_or_404(
    model_or_queryset: type[M] | models.QuerySet[M], actor: Any, **lookup: Any
) -> M:
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset.visible_to(actor)  # type: ignore[attr-defined]
    else:
        queryset = visible(model_or_queryset, actor)
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


class NotAllowedMiddleware:
    """``NotAllowed`` from an action answers like Django's PermissionDenied: the 403 page."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotAllowed):
            return permission_denied(request, PermissionDenied(str(exception)))
        return None


def actor_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the actor and the navigation entries for their roles."""
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    match = request.resolver_match
    items = (
        [{"item": item, "current": item.current_for(match, actor)} for item in nav_items(actor)]
        if actor.employee_id
        else []
    )
    return {"actor": actor, "nav_items": items}
