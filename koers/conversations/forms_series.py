"""The forms of a trajectory (004): planning the series, and its summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.access.once import OnceField
from koers.conversations.actions.series import MAX_WEEKS_BETWEEN
from koers.conversations.forms import WhenForm
from koers.conversations.models import ConversationType, Trajectory
from koers.lib.concurrency import RevisionFormMixin
from koers.lib.forms import KoersModelForm
from koers.organisations.models import Employee


class SeriesForm(WhenForm):
    """One employee, one theme, 2–4 talks; the date and time are those of the first talk."""

    employee = forms.ChoiceField(
        label=_("Met wie"),
        error_messages={"invalid_choice": _("Kies een medewerker uit de lijst.")},
    )
    conversation_type = forms.ModelChoiceField(
        label=_("Soort gesprek"), queryset=ConversationType.objects.none(), empty_label=None
    )
    theme = forms.CharField(
        label=_("Thema van het traject"),
        max_length=200,
        help_text=_("Bijvoorbeeld: doorgroeien naar voorman, of: weer aan het werk na ziekte."),
    )
    talk_count = forms.TypedChoiceField(
        label=_("Aantal gesprekken"),
        coerce=int,
        choices=[(n, n) for n in range(Trajectory.MIN_TALKS, Trajectory.MAX_TALKS + 1)],
        initial=4,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Een traject heeft 2, 3 of 4 gesprekken.")},
    )
    weeks_between = forms.IntegerField(
        label=_("Weken tussen de gesprekken"),
        min_value=1,
        max_value=MAX_WEEKS_BETWEEN,
        initial=4,
        help_text=_("Elk gesprek is op dezelfde dag van de week en hetzelfde uur."),
        error_messages={
            "min_value": _("Kies 1 tot en met 12 weken tussen de gesprekken."),
            "max_value": _("Kies 1 tot en met 12 weken tussen de gesprekken."),
        },
    )
    once = OnceField()

    field_order = [
        "employee",
        "conversation_type",
        "theme",
        "talk_count",
        "date",
        "time",
        "weeks_between",
        "duration_minutes",
        "place",
        "confirm_short_notice",
    ]

    def __init__(
        self,
        *args: Any,
        members: list[Employee],
        types: list[ConversationType],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = {member.pk: member for member in members}
        self.fields["employee"].choices = [("", _("Kies een medewerker"))] + [
            (str(m.pk), m.choice_label) for m in members
        ]
        self.fields["conversation_type"].queryset = ConversationType.objects.filter(
            pk__in=[t.pk for t in types]
        )
        self.fields["date"].label = _("Datum van het eerste gesprek")

    def clean_employee(self) -> Employee:
        value = self.cleaned_data["employee"]
        found = self.members.get(int(value) if value.isdigit() else None)
        if found is None:
            raise forms.ValidationError(_("Kies een medewerker uit de lijst."))
        return found


class SummaryForm(RevisionFormMixin, KoersModelForm):
    class Meta:
        model = Trajectory
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "summary": _(
                "Kort: wat is er in dit traject besproken en bereikt? Dit staat op het POP."
            )
        }
