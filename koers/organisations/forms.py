from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from koers.access.once import OnceField
from koers.lib.concurrency import RevisionFormMixin
from koers.lib.forms import KoersForm, KoersModelForm
from koers.organisations import importing
from koers.organisations.models import (
    OPTIONAL_FIELD_GROUPS,
    Department,
    Employee,
    Organisation,
    Team,
)
from koers.organisations.team_filter import TeamFilterField

BASE_FIELDS = [
    "personnel_number",
    "first_name",
    "name_prefix",
    "last_name",
    "initials",
    "email",
    "team",
    "function",
    "hours_per_week",
    "in_service_since",
    "contract_type",
    "education_level",
]
OPTIONAL_FIELDS = [f for fields in OPTIONAL_FIELD_GROUPS.values() for f in fields]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class EmployeeForm(RevisionFormMixin, KoersModelForm):
    """The employee block of the POP form, with only the personal fields the organisation keeps."""

    class Meta:
        model = Employee
        fields = [*BASE_FIELDS, *OPTIONAL_FIELDS]
        widgets = {
            "in_service_since": DateInput(),
            "birth_date": DateInput(),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        kept = set(organisation.kept_optional_fields())
        for name in OPTIONAL_FIELDS:
            if name not in kept:
                del self.fields[name]
        self.fields["team"].queryset = Team.objects.filter(
            organisation=organisation
        ).select_related("department")
        self.fields["team"].empty_label = _("(geen team)")
        self.fields["hours_per_week"].widget.attrs.update({"step": "0.5", "inputmode": "decimal"})
        self.fields["email"].help_text = _(
            "Voor uitnodigingen. Leeg laten als iemand geen e-mail heeft: "
            "dan krijgt hij of zij een brief."
        )

    def clean_personnel_number(self) -> str:
        number = self.cleaned_data["personnel_number"].strip()
        clash = Employee.objects.filter(organisation=self.organisation, personnel_number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Personeelsnummer %(number)s bestaat al in uw organisatie."),
                params={"number": number},
                code="duplicate",
            )
        return number

    def _post_clean(self) -> None:
        # The organisation is set by the service, not the form; validate_unique needs it.
        self.instance.organisation = self.organisation
        super()._post_clean()


class LeaveServiceForm(KoersForm):
    left_service_on = forms.DateField(label=_("Uit dienst per"), widget=DateInput())


ACTIVE_CHOICES = [
    ("active", _("In dienst")),
    ("left", _("Uit dienst")),
    # Whose file ``koers retention`` removes within a month (issue 16).
    ("erased_soon", _("Dossier binnenkort verwijderd")),
    ("all", _("Iedereen")),
]


class PeopleFilterForm(KoersForm):
    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        widget=forms.SearchInput,
        help_text=_("Naam, personeelsnummer of functie"),
    )
    department = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=Department.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ACTIVE_CHOICES, required=False, initial="active"
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)
        self.fields["department"].empty_label = _("Alle afdelingen")
        self.fields["team"] = TeamFilterField(
            label=_("Team"), organisation=organisation, empty_label=_("Alle teams")
        )
        self.order_fields(["q", "department", "team", "status"])


class ClosedDaysField(forms.CharField):
    """The organisation's closed days: one date a line (2026-12-25 or 25-12-2026), stored as
    a sorted list of ISO dates."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:
        days: set[datetime.date] = set()
        for line in str(value or "").split():
            try:
                days.add(_parse_day(line))
            except ValueError as error:
                raise forms.ValidationError(
                    _("%(value)s is geen datum. Schrijf bijvoorbeeld 2026-12-25."),
                    params={"value": line},
                ) from error
        return [day.isoformat() for day in sorted(days)]


def _parse_day(text: str) -> datetime.date:
    if "-" in text and len(text.split("-")[0]) <= 2:  # 25-12-2026
        return datetime.datetime.strptime(text, "%d-%m-%Y").date()
    return datetime.date.fromisoformat(text)


class WorkingDaysForm(RevisionFormMixin, KoersModelForm):
    """Issue 11 item 7: the working hours and closed days within which a team is planned."""

    closed_days = ClosedDaysField(
        label=_("Gesloten dagen"),
        required=False,
        help_text=_(
            "Feestdagen en andere dagen waarop niet gewerkt wordt: één datum per regel. "
            "Gesprekken voor een heel team worden niet op deze dagen, en niet in het weekend, "
            "gepland."
        ),
    )

    class Meta:
        model = Organisation
        fields = ["work_day_starts", "work_day_ends", "closed_days"]
        widgets = {
            "work_day_starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "work_day_ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("work_day_starts"), cleaned.get("work_day_ends")
        if starts and ends and ends <= starts:
            self.add_error("work_day_ends", _("De werkdag moet eindigen na het begin."))
        return cleaned


class OrganisationSettingsForm(RevisionFormMixin, KoersModelForm):
    class Meta:
        model = Organisation
        fields = [
            "why_text",
            "conversation_interval_months",
            "retention_years",
            "keeps_address",
            "keeps_private_phone",
            "keeps_birth",
            "keeps_gender",
            "keeps_nationality",
            "second_factor_required",
            "second_factor_for_managers",
        ]
        widgets = {"why_text": forms.Textarea(attrs={"rows": 6})}


class EmployeeImportForm(KoersForm):
    """The upload step of the employee import: reads the file and checks its columns."""

    file = forms.FileField(
        label=_("Bestand met medewerkers (CSV of Excel)"),
        help_text=_("Een .csv- of .xlsx-bestand met de kolomnamen in de eerste rij."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields_in_file: list[str] = []
        self.rows: list[dict[str, Any]] = []

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.KOERS_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Het bestand is te groot: hooguit %(size)s MB."),
                params={"size": f"{limit / 1024 / 1024:.0f}"},
                code="too_big",
            )
        try:
            sheet = importing.read_file(upload.name, upload.read())
            columns = importing.match_columns(sheet.headers, self.organisation)
            self.rows = importing.sheet_rows(sheet, columns)
        except importing.ImportFileError as exc:
            raise forms.ValidationError(exc.messages, code="file") from exc
        self.fields_in_file = [column.field for column in columns if column is not None]
        return upload


class NewEmployeeForm(EmployeeForm):
    """Adding a person: the employee block with the form's one-time token."""

    once = OnceField()
