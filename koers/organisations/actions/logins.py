"""Actions on logins and roles: HR and the org admin give a person a login and stop it;
only the org admin changes roles."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.access import policy
from koers.access.actor import Actor
from koers.access.roles import Role
from koers.lib.errors import Refused, register_messages
from koers.organisations import audit
from koers.organisations.models import Employee

# The login model (accounts sits above organisations: no import of it here).
User = get_user_model()

register_messages(
    {
        "login.exists": gettext_lazy("Deze medewerker heeft al een login."),
        "login.username_taken": gettext_lazy("Gebruikersnaam %(name)s is al in gebruik."),
        "login.password_needed": gettext_lazy(
            "Zonder e-mailadres moet u een eerste wachtwoord kiezen."
        ),
        "login.invalid": gettext_lazy("Deze login kan niet worden gemaakt: %(problem)s"),
        "roles.own_admin_role": gettext_lazy("U kunt uw eigen beheerdersrol niet intrekken."),
    }
)


@transaction.atomic
def grant_login(
    actor: Actor, employee: Employee, username: str, *, password: str | None, base_url: str
) -> User:
    """Give an employee a login. With an e-mail address they get a link to choose a password;
    without one, HR sets a first password and hands it over in person."""
    policy.require(actor, "grant_login", employee)
    if employee.user_id:
        raise Refused("login.exists")
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise Refused("login.username_taken", name=username)
    if not password and not employee.email:
        raise Refused("login.password_needed")
    user = _new_user(employee, username)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise Refused("login.invalid", problem=" ".join(error.messages)) from error
    _link(actor, employee, user)
    if not password:
        transaction.on_commit(lambda: _send_login_invitation(user, base_url))
    return user


@transaction.atomic
def stop_login(actor: Actor, employee: Employee) -> None:
    """The login stops working; the account stays linked so the log still names it."""
    policy.require(actor, "stop_login", employee)
    if employee.user_id and employee.user.is_active:
        employee.user.is_active = False
        employee.user.save(update_fields=["is_active"])
        audit.record(actor, "login.revoked", employee, employee=employee)


@transaction.atomic
def restore_login(actor: Actor, employee: Employee) -> None:
    policy.require(actor, "stop_login", employee)
    if employee.user_id and employee.is_in_service() and not employee.user.is_active:
        employee.user.is_active = True
        employee.user.save(update_fields=["is_active"])
        audit.record(actor, "login.restored", employee, employee=employee)


@transaction.atomic
def set_roles(actor: Actor, employee: Employee, *, is_hr: bool, is_org_admin: bool) -> Employee:
    """Only an org admin changes roles; an admin cannot take their own admin role away, so an
    organisation never locks itself out."""
    policy.require(actor, "set_roles", employee)
    if employee.pk == actor.employee_id and not is_org_admin:
        raise Refused("roles.own_admin_role")
    changes = {
        Role.HR: (employee.is_hr, is_hr),
        Role.ORG_ADMIN: (employee.is_org_admin, is_org_admin),
    }
    employee.is_hr = is_hr
    employee.is_org_admin = is_org_admin
    employee.save(update_fields=["is_hr", "is_org_admin", "updated_at"])
    for role, (before, after) in changes.items():
        if before != after:
            verb = "person.role_granted" if after else "person.role_revoked"
            audit.record(actor, verb, employee, employee=employee, role=role)
    return employee


@transaction.atomic
def set_up_logins(
    actor: Actor,
    logins: Mapping[str, Employee],
    password_hash: str,
    *,
    superusers: frozenset[str] = frozenset(),
) -> None:
    """Set-up (the demo): these people get a login of this name with this (hashed) password,
    made or reset; ``superusers`` may also use Django's admin site."""
    for employee in logins.values():
        policy.require(actor, "grant_login", employee)
    existing = {u.username: u for u in User.objects.filter(username__in=list(logins))}
    for username, employee in logins.items():
        user = existing.get(username) or _new_user(employee, username)
        user.first_name, user.last_name = _names(employee)
        user.email = employee.email
        user.password = password_hash
        user.is_active = True
        if username in superusers:
            user.is_staff = user.is_superuser = True
        if employee.user_id != user.pk or user.pk is None:
            _link(actor, employee, user)
        else:
            user.save()
            audit.record(actor, "login.password_set", employee, employee=employee)


def _names(employee: Employee) -> tuple[str, str]:
    return employee.first_name, " ".join(p for p in (employee.name_prefix, employee.last_name) if p)


def _new_user(employee: Employee, username: str) -> User:
    first_name, last_name = _names(employee)
    return User(
        username=username,
        email=employee.email,
        first_name=first_name,
        last_name=last_name,
        is_active=employee.is_in_service(),
    )


def _link(actor: Actor, employee: Employee, user: User) -> None:
    user.save()
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    audit.record(actor, "login.granted", employee, employee=employee)


def _send_login_invitation(user: User, base_url: str) -> None:
    link = base_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    body = render_to_string(
        "organisations/emails/login_invitation.txt", {"user": user, "link": link}
    )
    EmailMessage(_("Uw login voor Koers"), body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
