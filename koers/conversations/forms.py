from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access.once import OnceField
from koers.conversations.models import (
    ConversationType,
    Report,
    Status,
    TalkNotes,
    is_short_notice,
)
from koers.lib.concurrency import RevisionFormMixin
from koers.lib.forms import KoersForm, KoersModelForm
from koers.organisations.models import Employee, Team
from koers.organisations.team_filter import TeamFilterField

SHORT_NOTICE_MESSAGE = _(
    "Het gesprek is minder dan twee weken vooruit. Vink dit aan als u het toch zo wilt plannen."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class WhenForm(KoersForm):
    """Date, time, duration and place, with the two-weeks check of 004."""

    date = forms.DateField(label=_("Datum"), widget=DateInput())
    time = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duur (minuten)"), min_value=15, max_value=240, initial=60
    )
    place = forms.CharField(
        label=_("Plaats"),
        max_length=200,
        help_text=_("Bijvoorbeeld: spreekkamer 2, kantine, of online."),
    )
    confirm_short_notice = forms.BooleanField(
        label=_("Ik plan dit gesprek bewust binnen twee weken"), required=False
    )

    short_notice = False

    def starts_at(self) -> datetime.datetime:
        combined = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(combined)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        starts_at = self.starts_at()
        if starts_at <= timezone.now():
            self.add_error("date", _("Kies een moment in de toekomst."))
            return cleaned
        self.short_notice = is_short_notice(starts_at)
        if self.short_notice and not cleaned.get("confirm_short_notice"):
            self.add_error("confirm_short_notice", SHORT_NOTICE_MESSAGE)
        return cleaned


class PlanForm(WhenForm):
    """One form for one employee or a whole team (004: plan in time)."""

    who = forms.ChoiceField(label=_("Met wie"))
    conversation_type = forms.ModelChoiceField(
        label=_("Soort gesprek"), queryset=ConversationType.objects.none(), empty_label=None
    )
    once = OnceField()
    gap_minutes = forms.IntegerField(
        label=_("Pauze tussen de gesprekken (minuten)"),
        min_value=0,
        max_value=120,
        initial=15,
        help_text=_("Alleen bij een heel team: de gesprekken volgen elkaar op."),
    )

    field_order = [
        "who",
        "conversation_type",
        "date",
        "time",
        "duration_minutes",
        "gap_minutes",
        "place",
        "confirm_short_notice",
    ]

    def __init__(
        self,
        *args: Any,
        teams: list[Team],
        members: list[Employee],
        types: list[ConversationType],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {team.pk: team for team in teams}
        self.members = {member.pk: member for member in members}
        choices: list[Any] = [("", _("Kies een medewerker of een heel team"))]
        choices.append(
            (
                _("Heel team"),
                [(f"team-{t.pk}", _("Heel team %(name)s") % {"name": t.name}) for t in teams],
            )
        )
        choices.append(
            (
                _("Eén medewerker"),
                [(f"employee-{m.pk}", m.choice_label) for m in members],
            )
        )
        self.fields["who"].choices = choices
        self.fields["conversation_type"].queryset = ConversationType.objects.filter(
            pk__in=[t.pk for t in types]
        )

    def clean_who(self) -> Employee | Team:
        kind, _sep, pk = self.cleaned_data["who"].partition("-")
        found = (self.teams if kind == "team" else self.members).get(
            int(pk) if pk.isdigit() else None
        )
        if found is None:
            raise forms.ValidationError(_("Kies een medewerker of een team uit de lijst."))
        return found


class RescheduleForm(RevisionFormMixin, WhenForm):
    """The token is the calendar's SEQUENCE: each move or cancellation moves it on."""


class CancelForm(KoersForm):
    reason = forms.CharField(
        label=_("Reden (de medewerker leest dit)"), max_length=300, required=False
    )


class AgendaPointForm(KoersForm):
    text = forms.CharField(label=_("Nieuw agendapunt"), max_length=300)
    once = OnceField()


class ConversationFilterForm(KoersForm):
    q = forms.CharField(label=_("Zoek medewerker"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *Status.choices]
    )
    conversation_type = forms.ModelChoiceField(
        label=_("Soort gesprek"),
        queryset=ConversationType.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conversation_type"].queryset = organisation.conversation_types.all()
        self.fields["team"] = TeamFilterField(
            label=_("Team"), organisation=organisation, empty_label=_("Alle")
        )


TEMPLATE_LISTS = (
    ("employee", _("Voorbereiding medewerker")),
    ("manager", _("Voorbereiding leidinggevende")),
    ("strengths", _("Sterke punten (hulpvragen)")),
    ("information", _("Voorbeeldvragen bij informatie uitwisselen")),
)
MAX_QUESTIONS = 30


class TemplateEditForm(RevisionFormMixin, KoersForm):
    """Sjabloon aanpassen: one question per line (add, remove, reorder); saving makes a new
    version, so talks already planned keep theirs."""

    note = forms.CharField(
        label=_("Wat verandert er?"),
        max_length=200,
        help_text=_("Bijvoorbeeld: eigen vraag over thuiswerken toegevoegd."),
    )

    def __init__(self, *args: Any, template: Any, **kwargs: Any) -> None:
        # The token is the type's: any new version of it since the page was loaded counts.
        kwargs.setdefault("revision", template.conversation_type.revision)
        super().__init__(*args, **kwargs)
        questions = list(template.questions.all())
        for audience, label in TEMPLATE_LISTS:
            self.fields[audience] = forms.CharField(
                label=label,
                required=audience == "employee",
                widget=forms.Textarea(attrs={"rows": 10}),
                help_text=_("Eén vraag per regel. De volgorde hier is de volgorde in Koers."),
                initial="\n".join(q.text for q in questions if q.audience == audience),
            )
        self.order_fields([audience for audience, _label in TEMPLATE_LISTS] + ["note"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for audience, _label in TEMPLATE_LISTS:
            lines = [line.strip() for line in cleaned.get(audience, "").splitlines()]
            lines = [line for line in lines if line]
            if len(lines) > MAX_QUESTIONS:
                self.add_error(
                    audience,
                    _("Hoogstens %(max)s vragen per lijst.") % {"max": MAX_QUESTIONS},
                )
            if any(len(line) > 300 for line in lines):
                self.add_error(audience, _("Een vraag is hoogstens 300 tekens lang."))
            cleaned[f"{audience}_lines"] = lines
        return cleaned


# ---------------------------------------------------------------------------------------------
# The guided talk and the report


class PhaseForm(RevisionFormMixin, KoersModelForm):
    """The notes of one phase of the talk; ``phase_form_class`` picks the fields."""

    class Meta:
        model = TalkNotes
        fields: list[str] = []


def phase_form_class(fields: tuple[str, ...]) -> type[forms.ModelForm]:
    widgets: dict[str, Any] = {
        name: forms.Textarea(attrs={"rows": 4, "maxlength": 5000})
        for name in fields
        if name != "next_date"
    }
    widgets["next_date"] = DateInput()
    return forms.modelform_factory(TalkNotes, form=PhaseForm, fields=list(fields), widgets=widgets)


DECLINED = "declined"
RATING_LABELS = {
    "1": _("Helemaal niet goed"),
    "2": _("Niet zo goed"),
    "3": _("Gaat wel"),
    "4": _("Goed"),
    "5": _("Heel goed"),
}


class RatingForm(RevisionFormMixin, KoersForm):
    """004 Afsluiting, for the employee: one question, a mark of 1 to 5 (with pictograms in
    the template), an optional sentence, or "liever niet"."""

    answer = forms.ChoiceField(
        label=_("Wat vond u van het gesprek?"),
        choices=[*RATING_LABELS.items(), (DECLINED, _("Liever niet"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een gezichtje, of 'Liever niet'.")},
    )
    comment = forms.CharField(
        label=_("Wilt u er iets over zeggen? Dat mag, het hoeft niet."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )

    @classmethod
    def initial_for(cls, rating: Any) -> dict[str, Any]:
        """The stored answer as the form shows it (a mark typed by the manager is not the
        employee's answer: the employee starts with an empty choice)."""
        if rating is None or rating.given_by != rating.GivenBy.EMPLOYEE:
            return {}
        answer = DECLINED if rating.declined else str(rating.score)
        return {"answer": answer, "comment": rating.comment}

    @property
    def score(self) -> int | None:
        answer = self.cleaned_data["answer"]
        return None if answer == DECLINED else int(answer)

    @property
    def declined(self) -> bool:
        return self.cleaned_data["answer"] == DECLINED


class ReportForm(RevisionFormMixin, KoersModelForm):
    """003: the report, in the order of the talk; prefilled from the phase notes."""

    class Meta:
        model = Report
        fields = ["summary", "evaluation", "information", "planning", "closing"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6, "maxlength": 10000})
            for name in ["summary", "evaluation", "information", "planning", "closing"]
        }
        labels = {
            "summary": _("Opening en samenvatting"),
            "evaluation": _("Evaluatie van de vorige afspraken"),
            "information": _("Informatie uitwisselen: wensen en ideeën"),
            "planning": _("Plannen: mogelijkheden, voors en tegens, wie doet wat"),
            "closing": _("Afsluiting"),
        }
