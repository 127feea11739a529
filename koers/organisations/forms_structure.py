"""Forms for departments, teams, roles and logins (org admin; logins also HR)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.access.once import OnceField
from koers.lib.concurrency import RevisionFormMixin
from koers.lib.forms import KoersForm
from koers.organisations.models import Department, Employee, Organisation


class DepartmentForm(KoersForm):
    name = forms.CharField(label=_("Naam van de afdeling"), max_length=200)
    once = OnceField()


class TeamForm(RevisionFormMixin, KoersForm):
    name = forms.CharField(label=_("Naam van het team"), max_length=200)
    once = OnceField()  # used when the form makes a new team
    department = forms.ModelChoiceField(label=_("Afdeling"), queryset=Department.objects.none())
    managers = forms.ModelMultipleChoiceField(
        label=_("Leidinggevenden"),
        queryset=Employee.objects.none(),
        required=False,
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om meer dan één persoon te kiezen."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)
        self.fields["managers"].queryset = (
            Employee.objects.filter(organisation=organisation)
            .in_service()
            .order_by("last_name", "first_name")
        )
        self.fields["managers"].label_from_instance = lambda e: (
            f"{e.sort_name} ({e.function}, {e.personnel_number})"
            if e.function
            else f"{e.sort_name} ({e.personnel_number})"
        )


class RolesForm(RevisionFormMixin, KoersForm):
    is_hr = forms.BooleanField(label=_("HR: ziet plannen, verslagen en cijfers"), required=False)
    is_org_admin = forms.BooleanField(
        label=_("Beheerder: beheert instellingen, teams, mensen en imports"), required=False
    )


class GrantLoginForm(KoersForm):
    """Only the username: the person chooses their own password (issue 10)."""

    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
