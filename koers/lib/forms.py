"""What every Koers form shares: text without control characters.

A NUL byte cannot be stored in PostgreSQL (a server error), and the other control characters
(from a paste out of another program, or a tampered request) are invisible junk in a file
that is printed and signed. Every text field of every Koers form refuses them with a clear
Dutch message; tab, CR and LF only in multi-line fields (a ``Textarea``).

- ``KoersForm`` / ``KoersModelForm``: the base of every form class in ``koers/`` (a test
  checks it); they add ``PlainTextValidator`` to each ``CharField`` they hold.
- ``require_plain_text(...)``: the same check for text that reaches an action without a form
  (htmx autosave fields posted by name); it raises ``Refused("text.control_character")``.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.deconstruct import deconstructible
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from koers.lib.errors import Refused, register_messages

# C0 controls, DEL, C1 controls and lone surrogates (which UTF-8 cannot hold).
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
CONTROL_IN_MULTILINE = re.compile(f"[{_CONTROL}]")
CONTROL_IN_ONE_LINE = re.compile(f"[{_CONTROL}\\t\\n\\r]")

MESSAGE = _(
    "Deze tekst bevat een onzichtbaar stuurteken (bijvoorbeeld uit een kopie uit een ander "
    "programma) dat Koers niet kan bewaren. Haal het weg en probeer het opnieuw."
)
ONE_LINE_MESSAGE = _(
    "Dit veld is één regel: haal de regeleinden, tabs en onzichtbare stuurtekens weg."
)

register_messages({"text.control_character": MESSAGE})


def has_control_character(text: str, *, multiline: bool = True) -> bool:
    pattern = CONTROL_IN_MULTILINE if multiline else CONTROL_IN_ONE_LINE
    return pattern.search(text) is not None


@deconstructible
class PlainTextValidator:
    """Refuses control characters; a multi-line field may hold tab, CR and LF."""

    def __init__(self, multiline: bool = True) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        if has_control_character(value):
            raise ValidationError(MESSAGE, code="control_character")
        if not self.multiline and has_control_character(value, multiline=False):
            raise ValidationError(ONE_LINE_MESSAGE, code="control_character")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline


def require_plain_text(*texts: str | None) -> None:
    """For text that reaches an action without a form (multi-line: tab, CR, LF allowed)."""
    for text in texts:
        if text and has_control_character(text):
            raise Refused("text.control_character")


class PlainTextMixin:
    """Adds ``PlainTextValidator`` to every text field of the form when it is validated, so
    that fields a subclass adds or changes in its own ``__init__`` are covered too."""

    def full_clean(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField) and not any(
                isinstance(v, PlainTextValidator) for v in field.validators
            ):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(PlainTextValidator(multiline=multiline))
        super().full_clean()  # type: ignore[misc]


class QuickSelect(forms.Select):
    """A ``Select`` with the same markup, written in Python. Django renders every option
    through two templates of its own (the option and its attributes): a list of a hundred
    departments took 9 ms of HR's pages (issue 18)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if option["value"] is None else str(option["value"]),
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


class QuickSelectMixin:
    """Every plain ``Select`` of the form renders as a ``QuickSelect`` (also those a subclass
    adds in its own ``__init__``: the swap happens when a field is rendered)."""

    def __getitem__(self, name: str) -> Any:
        bound = super().__getitem__(name)  # type: ignore[misc]
        if type(bound.field.widget) is forms.Select:
            bound.field.widget.__class__ = QuickSelect
        return bound


class KoersForm(PlainTextMixin, QuickSelectMixin, forms.Form):
    """The base of every plain form in Koers."""


class KoersModelForm(PlainTextMixin, QuickSelectMixin, forms.ModelForm):
    """The base of every model form in Koers."""
