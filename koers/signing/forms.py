"""The two forms of signing, for every signed document: the sign form (the employee's choice,
the manager's confirmation) and the form to enter a signature from paper."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.lib.forms import KoersForm
from koers.signing.models import Choice, Party

if TYPE_CHECKING:
    from koers.signing.documents import Wording


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SignForm(KoersForm):
    """003: the employee chooses akkoord, voor gezien or correctie gevraagd (the last two with a
    remark); the manager only confirms. The document brings its own words."""

    choice = forms.ChoiceField(widget=forms.RadioSelect)
    remark = forms.CharField(
        label=_("Uw opmerking"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Nodig bij 'voor gezien' en bij 'correctie gevraagd'. Bij 'voor gezien' komt uw "
            "opmerking in de getekende versie; bij 'correctie gevraagd' gaat het terug naar uw "
            "leidinggevende, die een nieuwe versie maakt."
        ),
    )

    def __init__(self, *args: Any, party: str, wording: Wording, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.party = party
        if party == Party.MANAGER:
            del self.fields["remark"]
            self.fields["choice"].label = _("Ondertekenen")
            self.fields["choice"].choices = [(Choice.AGREED, wording.manager_signs)]
        else:
            self.fields["choice"].label = wording.question
            self.fields["choice"].choices = [
                (Choice.AGREED, wording.agreed),
                (Choice.SEEN, wording.seen),
                (Choice.CORRECTION, wording.correction),
            ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            self.party == Party.EMPLOYEE
            and cleaned.get("choice") in (Choice.SEEN, Choice.CORRECTION)
            and not (cleaned.get("remark") or "").strip()
        ):
            self.add_error("remark", _("Schrijf kort waarom. Wat vindt u, of wat moet er anders?"))
        return cleaned


class PaperSignatureForm(KoersForm):
    """003 on paper: what the employee wrote on the printed version, entered by the manager."""

    signed_on = forms.DateField(label=_("Datum van de handtekening op papier"), widget=DateInput())
    choice = forms.ChoiceField(
        label=_("Wat heeft de medewerker op papier gekozen?"),
        widget=forms.RadioSelect,
        choices=[
            (Choice.AGREED, _("Akkoord")),
            (Choice.SEEN, _("Voor gezien, met een opmerking op het papier")),
            (Choice.CORRECTION, _("Correctie gevraagd, met een toelichting op het papier")),
        ],
    )
    remark = forms.CharField(
        label=_("Opmerking van de medewerker"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Neem de opmerking van het papier letterlijk over. Nodig bij 'voor gezien' en bij "
            "'correctie gevraagd'."
        ),
    )

    def __init__(self, *args: Any, frozen_on: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frozen_on = frozen_on
        self.fields["signed_on"].initial = timezone.localdate()

    def clean_signed_on(self) -> datetime.date:
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        if self.frozen_on and value < self.frozen_on:
            raise forms.ValidationError(
                _("Deze versie is pas op %(date)s klaargezet om te tekenen.")
                % {"date": self.frozen_on.strftime("%d-%m-%Y")}
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("choice") in (Choice.SEEN, Choice.CORRECTION)
            and not (cleaned.get("remark") or "").strip()
        ):
            self.add_error("remark", _("Neem de opmerking van het papier over."))
        return cleaned
