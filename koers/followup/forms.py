from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.access.once import OnceField
from koers.followup.models import Channel, CheckInKind, CourseAnswer
from koers.lib.concurrency import RevisionFormMixin
from koers.lib.forms import KoersForm
from koers.plans.models import DevelopmentPlan

WRITABLE_KINDS = [(k, label) for k, label in CheckInKind.choices if k != CheckInKind.COURSE_CHECK]


class CheckInForm(KoersForm):
    """001: a progress note on a point or one of its activities."""

    about = forms.ChoiceField(label=_("Waarover gaat het?"))
    once = OnceField()
    kind = forms.ChoiceField(
        label=_("Soort notitie"), choices=WRITABLE_KINDS, initial=CheckInKind.PROGRESS
    )
    text = forms.CharField(
        label=_("Notitie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_(
            "Hoe gaat het? Wat vindt u van de cursus? Wat doet u al met wat u leerde? "
            "Zijn uw wensen veranderd?"
        ),
    )

    def __init__(self, *args: Any, plan: DevelopmentPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for point in plan.points.all():
            options = [(f"point-{point.pk}", _("Het aandachtspunt zelf"))]
            options += [(f"activity-{a.pk}", a.description) for a in point.activities.all()]
            choices.append((point.title, options))
        self.fields["about"].choices = choices
        self._points = {
            f"activity-{a.pk}": (point.pk, a.pk)
            for point in plan.points.all()
            for a in point.activities.all()
        } | {f"point-{point.pk}": (point.pk, None) for point in plan.points.all()}

    def target(self) -> tuple[int, int | None]:
        return self._points[self.cleaned_data["about"]]


class CourseCheckForm(KoersForm):
    answer = forms.ChoiceField(choices=CourseAnswer.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Wilt u er iets over vertellen? (mag leeg blijven)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChannelForm(RevisionFormMixin, KoersForm):
    channel = forms.ChoiceField(
        label=_("Hoe wilt u meldingen krijgen?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
    )


class IntervalForm(RevisionFormMixin, KoersForm):
    months = forms.IntegerField(
        label=_("Gesprek elke (maanden)"),
        min_value=1,
        max_value=36,
        required=False,
        help_text=_("Leeg: de termijn van de organisatie."),
    )
