"""``{% load signing %}``: ``value|version_status`` turns a status value (e.g. an annotated
``state``) into its status object, for ``signing/_badge.html``."""

from django import template

from koers.signing.status import StatusText, status_text

register = template.Library()


@register.filter
def version_status(value: str | None) -> StatusText:
    return status_text(value)
