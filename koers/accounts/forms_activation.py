"""The activation forms: the code from the letter, then the person's own password."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from koers.lib.forms import KoersForm, PlainTextMixin


class ActivationCodeForm(KoersForm):
    code = forms.CharField(
        label=_("Code uit de brief"),
        max_length=40,
        help_text=_(
            "Bijvoorbeeld KX7P-3MHD-R9TA. Kleine letters, spaties of zonder streepjes mag ook."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "activation-code",
            }
        ),
    )


class ActivationPasswordForm(PlainTextMixin, SetPasswordForm):
    """Django's own form with the password validators; the code travels along, hidden."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)
