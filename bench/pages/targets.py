"""The key pages and their bare views, who opens them, and a session for each login."""

from __future__ import annotations

from dataclasses import dataclass

from bench.pages.data import LOGINS


@dataclass(frozen=True)
class Page:
    name: str
    login: str
    koers: str
    bare: str


def pages() -> list[Page]:
    """Every key page with its bare view, with the rows of the bench organisation (Django
    set up on its database)."""
    from django.utils import timezone

    from koers.organisations.models import Employee
    from koers.plans.models import DevelopmentPlan

    manager = Employee.objects.get(user__username=LOGINS.manager)
    employee = Employee.objects.get(user__username=LOGINS.employee)
    today = timezone.localdate()
    plan = (
        DevelopmentPlan.objects.filter(
            employee=employee, period_start__lte=today, period_end__gte=today
        )
        .order_by("-period_start")
        .first()
    )
    team = manager.team_id
    return [
        Page("manager board", LOGINS.manager, "/dashboard/", "/bare/dashboard/"),
        Page("mijn koers", LOGINS.employee, "/dashboard/me/", "/bare/me/"),
        Page("POP page", LOGINS.employee, f"/plans/{plan.pk}/", f"/bare/plans/{plan.pk}/"),
        Page("teamkaart", LOGINS.manager, f"/teams/{team}/card/", f"/bare/teams/{team}/card/"),
        Page("HR dashboard", LOGINS.hr, "/dashboard/hr/", "/bare/hr/"),
        Page("HR /people/", LOGINS.hr, "/people/", "/bare/people/"),
        Page("HR /plans/", LOGINS.hr, "/plans/", "/bare/plans/"),
        Page("HR /conversations/", LOGINS.hr, "/conversations/", "/bare/conversations/"),
        Page("notifications", LOGINS.employee, "/notifications/", "/bare/notifications/"),
    ]


def slug(page: Page) -> str:
    return "".join(c if c.isalnum() else "-" for c in page.name.lower()).strip("-")


def session_cookies() -> dict[str, str]:
    """A signed-in session per login (username → session key), made in the database as a
    login would leave it; nobody's password is needed."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    sessions = {}
    for user in get_user_model().objects.filter(
        username__in=[LOGINS.manager, LOGINS.employee, LOGINS.hr]
    ):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[user.username] = store.session_key
    return sessions
