"""State changes for the organisation's structure (departments, teams, managers), roles and
logins. The org admin configures these; HR may give an employee a login."""

from __future__ import annotations

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

from koers.organisations.models import Department, Employee, Organisation, Team

# The login model (accounts sits above organisations: no import of it here).
User = get_user_model()


@transaction.atomic
def save_department(
    organisation: Organisation, name: str, department: Department | None = None
) -> Department:

    department = department or Department(organisation=organisation)
    department.name = name.strip()
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def delete_department(department: Department) -> None:
    if department.teams.exists():
        raise ValidationError(_("Deze afdeling heeft nog teams. Verplaats of verwijder die eerst."))
    department.delete()


@transaction.atomic
def save_team(
    organisation: Organisation,
    *,
    department: Department,
    name: str,
    managers: list[Employee],
    team: Team | None = None,
) -> Team:
    """A team has one or more managers (leidinggevenden); a manager sees the people of the
    teams they currently lead, so changing managers changes who sees what at once."""
    if department.organisation_id != organisation.pk or any(
        m.organisation_id != organisation.pk for m in managers
    ):
        raise ValidationError(_("Afdeling en leidinggevenden moeten bij uw organisatie horen."))
    team = team or Team(organisation=organisation)
    team.department = department
    team.name = name.strip()
    team.full_clean()
    team.save()
    team.managers.set(managers)
    return team


@transaction.atomic
def delete_team(team: Team) -> None:
    if team.members.exists():
        raise ValidationError(_("Er zitten nog mensen in dit team. Verplaats hen eerst."))
    team.delete()


@transaction.atomic
def set_roles(employee: Employee, *, is_hr: bool, is_org_admin: bool, by: Employee) -> Employee:
    """Only an org admin changes roles; an admin cannot take their own admin role away, so an
    organisation never locks itself out."""
    if employee.pk == by.pk and not is_org_admin:
        raise ValidationError(_("U kunt uw eigen beheerdersrol niet intrekken."))
    employee.is_hr = is_hr
    employee.is_org_admin = is_org_admin
    employee.save(update_fields=["is_hr", "is_org_admin", "updated_at"])
    return employee


@transaction.atomic
def grant_login(employee: Employee, username: str, *, password: str | None, base_url: str) -> User:
    """Give an employee a login. With an e-mail address they get a link to choose a password;
    without one, HR sets a first password and hands it over in person."""
    if employee.user_id:
        raise ValidationError(_("Deze medewerker heeft al een login."))
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Gebruikersnaam %(name)s is al in gebruik.") % {"name": username})
    user = User(
        username=username,
        email=employee.email,
        first_name=employee.first_name,
        last_name=" ".join(p for p in (employee.name_prefix, employee.last_name) if p),
        is_active=employee.is_in_service(),
    )
    if password:
        user.set_password(password)
    else:
        if not employee.email:
            raise ValidationError(_("Zonder e-mailadres moet u een eerste wachtwoord kiezen."))
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    if not password:
        transaction.on_commit(lambda: send_login_invitation(user, base_url))
    return user


def send_login_invitation(user: User, base_url: str) -> None:
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


@transaction.atomic
def revoke_login(employee: Employee) -> None:
    """The login stops working; the account stays linked so the log still names it."""
    if employee.user_id and employee.user.is_active:
        employee.user.is_active = False
        employee.user.save(update_fields=["is_active"])


@transaction.atomic
def restore_login(employee: Employee) -> None:
    if employee.user_id and employee.is_in_service() and not employee.user.is_active:
        employee.user.is_active = True
        employee.user.save(update_fields=["is_active"])
