"""Actions on logins and roles: HR and the org admin give a person a login, send or print
its activation, reset it and stop it; only the org admin changes roles.

Nobody but the person ever knows their password (issue 10): a login starts without one, and the
person chooses their own with a one-time activation (``koers.organisations.activations``): a
link by e-mail, or a letter with a code and a QR code for a person without e-mail.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from koers.access import policy
from koers.access.actor import Actor
from koers.access.roles import Role
from koers.lib import concurrency
from koers.lib.errors import Refused, register_messages
from koers.organisations import activations, audit
from koers.organisations.activations import Issued
from koers.organisations.models import Activation, Employee

# The login model (accounts sits above organisations: no import of it here).
User = get_user_model()

register_messages(
    {
        "login.exists": gettext_lazy("Deze medewerker heeft al een login."),
        "login.username_taken": gettext_lazy("Gebruikersnaam %(name)s is al in gebruik."),
        "login.invalid": gettext_lazy("Deze login kan niet worden gemaakt: %(problem)s"),
        "login.none": gettext_lazy("Deze medewerker heeft nog geen login."),
        "login.stopped": gettext_lazy("Deze login werkt niet. Laat de login eerst weer werken."),
        "login.has_password": gettext_lazy(
            "Deze medewerker heeft al zelf een wachtwoord gekozen. Is het wachtwoord vergeten? "
            "Stel dan eerst de toegang opnieuw in."
        ),
        "login.no_email": gettext_lazy(
            "Deze medewerker heeft geen e-mailadres. Maak een activeringsbrief."
        ),
        "roles.own_admin_role": gettext_lazy("U kunt uw eigen beheerdersrol niet intrekken."),
        "login.own_login": gettext_lazy("U kunt uw eigen login niet laten stoppen."),
    }
)


@transaction.atomic
def grant_login(actor: Actor, employee: Employee, username: str, *, base_url: str) -> User:
    """Issue 10: a new login has no password. With an e-mail address the person gets a
    one-time link to choose one; without, HR makes the activation letter next
    (``issue_letter``: the code exists only in that PDF, so the letter makes it)."""
    policy.require(actor, "grant_login", employee)
    if employee.user_id:
        raise Refused("login.exists")
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise Refused("login.username_taken", name=username)
    user = _new_user(employee, username)
    user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise Refused("login.invalid", problem=" ".join(error.messages)) from error
    _link(actor, employee, user)
    if employee.email:
        _send_link(actor, employee, base_url)
    return user


@transaction.atomic
def send_activation_link(actor: Actor, employee: Employee, *, base_url: str) -> Issued:
    """A fresh one-time link by e-mail for a login that still waits for its password; the
    older link stops working."""
    policy.require(actor, "grant_login", employee)
    _require_waiting(employee)
    if not employee.email:
        raise Refused("login.no_email")
    return _send_link(actor, employee, base_url)


@transaction.atomic
def issue_letter(actor: Actor, employee: Employee) -> Issued:
    """Issue 10: the activation letter for a person without e-mail. Every letter has a new
    code and voids the one before: HR cannot look a code up later, only make a new letter."""
    policy.require(actor, "grant_login", employee)
    _require_waiting(employee)
    issued = activations.issue(actor, employee, Activation.Channel.LETTER)
    audit.record(
        actor,
        "activation.letter_made",
        issued.activation,
        employee=employee,
        until=activations.expiry_date(issued.activation),
    )
    return issued


@transaction.atomic
def reset_access(actor: Actor, employee: Employee, *, base_url: str) -> Issued | None:
    """Issue 10: the person forgot their password. It stops working at once (and every session
    with it); with e-mail the person gets a new link, without HR makes a new letter."""
    policy.require(actor, "reset_access", employee)
    user = _login_of(employee)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    activations.void_open(employee, Activation.VoidReason.REPLACED)
    audit.record(actor, "login.access_reset", employee, employee=employee)
    if employee.email:
        return _send_link(actor, employee, base_url, reset=True)
    return None


@transaction.atomic
def stop_login(actor: Actor, employee: Employee) -> None:
    """The login stops working; the account stays linked so the log still names it. Nobody
    stops their own login, so an organisation never locks its last admin out."""
    policy.require(actor, "stop_login", employee)
    if employee.pk == actor.employee_id:
        raise Refused("login.own_login")
    if employee.user_id and employee.user.is_active:
        employee.user.is_active = False
        employee.user.save(update_fields=["is_active"])
        activations.void_open(employee, Activation.VoidReason.LOGIN_STOPPED)
        audit.record(actor, "login.revoked", employee, employee=employee)


@transaction.atomic
def restore_login(actor: Actor, employee: Employee) -> None:
    policy.require(actor, "stop_login", employee)
    if employee.user_id and employee.is_in_service() and not employee.user.is_active:
        employee.user.is_active = True
        employee.user.save(update_fields=["is_active"])
        audit.record(actor, "login.restored", employee, employee=employee)


@transaction.atomic
def set_roles(
    actor: Actor,
    employee: Employee,
    *,
    is_hr: bool,
    is_org_admin: bool,
    expected_revision: int | None = None,
) -> Employee:
    """Only an org admin changes roles; an admin cannot take their own admin role away, so an
    organisation never locks itself out. ``expected_revision``: the form's token;
    two admins changing roles at once do not overwrite each other."""
    policy.require(actor, "set_roles", employee)
    if employee.pk == actor.employee_id and not is_org_admin:
        raise Refused("roles.own_admin_role")
    stored = (
        Employee.objects.select_for_update().values("is_hr", "is_org_admin").get(pk=employee.pk)
    )
    concurrency.claim_values(
        stored, expected_revision, {"is_hr": is_hr, "is_org_admin": is_org_admin}
    )
    changes = {
        Role.HR: (employee.is_hr, is_hr),
        Role.ORG_ADMIN: (employee.is_org_admin, is_org_admin),
    }
    employee.is_hr = is_hr
    employee.is_org_admin = is_org_admin
    employee.save(update_fields=["is_hr", "is_org_admin", "updated_at"])
    granted = [role for role, (before, after) in changes.items() if after and not before]
    revoked = [role for role, (before, after) in changes.items() if before and not after]
    for role in granted:
        audit.record(actor, "person.role_granted", employee, employee=employee, role=role)
    for role in revoked:
        audit.record(actor, "person.role_revoked", employee, employee=employee, role=role)
    if (granted or revoked) and not actor.system:
        # The person is told (by e-mail; Koers's in-app notices live above this app). Not
        # when an organisation is set up (the demo): nobody changed anything of theirs.
        transaction.on_commit(lambda: activations.mail_roles_changed(employee, granted, revoked))
    return employee


@transaction.atomic
def set_up_logins(
    actor: Actor,
    logins: Mapping[str, Employee],
    password_hash: str,
    *,
    superusers: frozenset[str] = frozenset(),
) -> None:
    """Set-up (the demo) only: these people get a login of this name with this (hashed)
    password, made or reset; ``superusers`` may also use Django's admin site. Only an
    organisation's system actor may: no person (HR included) ever sets a password."""
    for employee in logins.values():
        policy.require(actor, "set_up_login", employee)
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


def _login_of(employee: Employee) -> User:
    if not employee.user_id:
        raise Refused("login.none")
    return employee.user


def _require_waiting(employee: Employee) -> User:
    """The login exists, works, and has no password yet (new, or reset)."""
    user = _login_of(employee)
    if not user.is_active:
        raise Refused("login.stopped")
    if user.has_usable_password():
        raise Refused("login.has_password")
    return user


def _send_link(actor: Actor, employee: Employee, base_url: str, *, reset: bool = False) -> Issued:
    issued = activations.issue(actor, employee, Activation.Channel.EMAIL)
    audit.record(
        actor,
        "activation.link_sent",
        issued.activation,
        employee=employee,
        until=activations.expiry_date(issued.activation),
    )
    transaction.on_commit(lambda: activations.mail_link(issued, base_url, reset=reset))
    return issued
