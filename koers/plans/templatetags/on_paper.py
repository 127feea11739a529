"""How a value of the POP's frozen content prints (issue 14, "paper that matches the
screen"): the content keeps dates as ISO text and numbers with a point, so that a signed
version never changes; the page and the PDF show them the Dutch way, 12-04-1985 and 20,0."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"^-?\d+\.\d+$")


@register.filter
def on_paper(value: object) -> str:
    """An ISO day as dd-mm-jjjj, a decimal number with the reader's decimal sign; anything
    else as it is."""
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    text = "" if value is None else str(value)
    if ISO_DAY.match(text):
        try:
            return datetime.date.fromisoformat(text).strftime("%d-%m-%Y")
        except ValueError:
            return text
    if NUMBER.match(text):
        try:
            return formats.number_format(Decimal(text), use_l10n=True)
        except InvalidOperation:
            return text
    return text
