from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from koers.access.once import OnceField, OnceForm
from koers.lib.concurrency import RevisionFormMixin, fingerprint
from koers.lib.forms import KoersForm, KoersModelForm
from koers.organisations.models import Department, Employee
from koers.plans import smart
from koers.plans.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Category,
    Course,
    DevelopmentPlan,
    DevelopmentPoint,
    Training,
)
from koers.signing.models import VersionStatus


def course_choice_label(course: Course) -> str:
    """The option text where a course is chosen: name, institute, cost and the start of the
    subsidy note, so the choice shows what it costs without opening the catalogue."""
    cost = formats.number_format(course.cost, 2, use_l10n=True, force_grouping=True)
    parts = [str(course), f"€ {cost}"]
    note = " ".join(course.subsidy_notes.split())
    if note:
        parts.append(Truncator(note).chars(SUBSIDY_IN_OPTION))
    return " · ".join(parts)


SUBSIDY_IN_OPTION = 80


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Course) -> str:
        return course_choice_label(obj)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MoneyInput(forms.NumberInput):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}, **kwargs)


class PlanCreateForm(OnceForm):
    employee = forms.ModelChoiceField(queryset=Employee.objects.none(), label=_("Medewerker"))
    period_start = forms.DateField(
        label=_("Geldig vanaf"),
        widget=DateInput(),
        help_text=_("Het plan geldt standaard één jaar."),
    )

    def __init__(self, *args: Any, team_members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = team_members
        self.fields["employee"].label_from_instance = lambda e: e.choice_label
        self.fields["period_start"].initial = self.initial.get("period_start") or (
            timezone.localdate()
        )


class PlanForm(RevisionFormMixin, KoersModelForm):
    class Meta:
        model = DevelopmentPlan
        fields = ["period_start", "period_end", "work_experience"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Deze datum ligt voor de begindatum."))
        return data


class TrainingForm(KoersModelForm):
    once = OnceField()  # a new training, once per form

    class Meta:
        model = Training
        fields = ["name", "year", "diploma", "institute"]
        labels = {"diploma": _("Diploma gehaald")}


class PointForm(RevisionFormMixin, KoersModelForm):
    """A development point with its SMART agreement; the SMART check speaks plain Dutch.

    Saving is allowed while parts are missing (a plan grows during the talk); the messages
    say what is still needed, and the plan page shows them until the point is SMART."""

    class Meta:
        model = DevelopmentPoint
        fields = [
            "category",
            "title",
            "goal",
            "measure",
            "approach",
            "employee_part",
            "employer_part",
            "support",
            "deadline",
            "follow_up",
        ]
        widgets = {
            "category": forms.RadioSelect,
            "deadline": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "goal",
                    "measure",
                    "approach",
                    "employee_part",
                    "employer_part",
                    "support",
                    "follow_up",
                )
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A radio list needs no "---------" choice (issue 14): nothing ticked is the empty one.
        self.fields["category"].choices = Category.choices

    def smart_messages(self) -> list[str]:
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        return smart.check(self.cleaned_data)


class WorkingTimeField(forms.TypedChoiceField):
    """001 "wel/niet in werkcontract": ja, nee, or nog niet bepaald (issue 14: a checkbox that
    started ticked could not say the last)."""

    YES, NO, OPEN = "yes", "no", ""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        super().__init__(
            choices=[
                (self.YES, _("ja")),
                (self.NO, _("nee")),
                (self.OPEN, _("nog niet bepaald")),
            ],
            coerce=lambda value: value == self.YES,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            label=kwargs.get("label", ""),
            help_text=kwargs.get("help_text", ""),
        )

    def to_python(self, value: Any) -> str:
        # A checkbox of a form opened before this change sends "on".
        if value in ("on", True, "True", "true"):
            return self.YES
        if value in (False, "False", "false"):
            return self.NO
        return super().to_python(value)

    def prepare_value(self, value: Any) -> str:
        if value is True:
            return self.YES
        if value is False:
            return self.NO
        return value if value in (self.YES, self.NO) else self.OPEN


class ActivityForm(RevisionFormMixin, KoersModelForm):
    cost = forms.DecimalField(
        label=_("Kosten (euro)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=MoneyInput(),
        help_text=_("Leeg laten bij een cursus uit de catalogus: dan nemen we de prijs over."),
    )

    class Meta:
        model = Activity
        fields = [
            "course",
            "kind",
            "description",
            "institute",
            "course_number",
            "cost",
            "period_from",
            "period_to",
            "in_working_time",
            "owner",
            "remarks",
        ]
        widgets = {
            "period_from": DateInput(),
            "period_to": DateInput(),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"course": CourseChoiceField, "in_working_time": WorkingTimeField}
        labels = {
            "course": _("Cursus uit de catalogus (mag leeg)"),
            "in_working_time": _("In werktijd (volgens contract)?"),
        }

    def __init__(self, *args: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["course"].empty_label = _("(geen cursus uit de catalogus)")
        self.fields["course"].widget.attrs["data-course-picker"] = ""
        self.fields["description"].required = False
        self.fields["kind"].required = False
        self.fields["kind"].choices = [("", _("(kies een soort)")), *ActivityKind.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("course"):
            if data.get("cost") is None:
                data["cost"] = Decimal("0.00")
            if not data.get("description"):
                self.add_error("description", _("Schrijf op wat de activiteit is."))
            if not data.get("kind"):
                self.add_error("kind", _("Kies wat voor activiteit het is."))
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("Deze datum ligt voor de begindatum."))
        return data


class StatusForm(KoersForm):
    status = forms.ChoiceField(choices=ActivityStatus.choices)


class PlanFilterForm(KoersForm):
    q = forms.CharField(label=_("Zoek op naam of personeelsnummer"), required=False)
    department = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=Department.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("alle")), *VersionStatus.choices], required=False
    )
    signed = forms.ChoiceField(
        label=_("Getekend"),
        choices=[("", _("alle")), ("yes", _("ooit getekend")), ("no", _("nog nooit getekend"))],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Soort aandachtspunt"), choices=[("", _("alle")), *Category.choices], required=False
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)
        self.fields["department"].empty_label = _("alle")


class CourseForm(RevisionFormMixin, KoersModelForm):
    link = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Course
        fields = [
            "name",
            "institute",
            "course_number",
            "cost",
            "duration",
            "subsidy_notes",
            "link",
        ]
        widgets = {"cost": MoneyInput(), "subsidy_notes": forms.Textarea(attrs={"rows": 3})}


class CourseSearchForm(KoersForm):
    q = forms.CharField(label=_("Zoek een cursus"), required=False)
    show_inactive = forms.BooleanField(
        label=_("Ook cursussen die niet meer in de catalogus staan"), required=False
    )

    def __init__(self, *args: Any, keeps: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        if not keeps:  # a manager reads the catalogue as it is
            del self.fields["show_inactive"]


class BudgetForm(RevisionFormMixin, KoersForm):
    """Setting a budget again for the same department and year replaces it, after one has
    seen the amount it replaces (the token: a fresh form knows of none)."""

    department = forms.ModelChoiceField(label=_("Afdeling"), queryset=Department.objects.none())
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Budget (euro)"), min_value=0, max_digits=10, decimal_places=2, widget=MoneyInput()
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        kwargs.setdefault("revision", fingerprint({"amount": None}))
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)


def year_choice(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
