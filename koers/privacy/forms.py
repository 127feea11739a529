"""The forms of "klopt niet" (AVG art. 16): the person's request and HR's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.lib.forms import KoersForm
from koers.privacy.choices import CorrectionStatus


class CorrectionForm(KoersForm):
    proposed = forms.CharField(
        label=_("Wat moet het zijn?"),
        help_text=_("Schrijf op wat er moet staan. HR past het aan of laat u weten waarom niet."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf op wat het moet zijn.")},
    )


class AnswerForm(KoersForm):
    outcome = forms.ChoiceField(
        label=_("Wat heeft u gedaan?"),
        choices=[
            (CorrectionStatus.CORRECTED, _("Ik heb het aangepast")),
            (CorrectionStatus.DECLINED, _("Ik heb het niet aangepast")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat u heeft gedaan.")},
    )
    answer = forms.CharField(
        label=_("Toelichting voor de medewerker"),
        help_text=_("Verplicht als u het niet aanpast: de medewerker leest waarom."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("outcome") == CorrectionStatus.DECLINED and not cleaned.get("answer"):
            self.add_error("answer", _("Leg uit waarom u het niet aanpast."))
        return cleaned
