"""The verb registry: what an audit event can say, as a code with typed parameters and a
message that is translated when it is shown.

Every app declares its verbs in ``koers/<app>/audit_verbs.py`` as ``VERBS`` (found by module
name, like the navigation). A verb's parameters are codes, numbers, dates and ids only: never
a sentence and never text a person typed (that could hold health details).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import formats
from django.utils.functional import Promise

from koers.lib.registry import app_modules

# What a parameter may be: a whole number (a version number, an id), a date, or one of the
# values of a Choices class (shown as its translated label).
ParamKind = type[int] | type[datetime.date] | type[models.Choices]


class UnknownVerb(LookupError):
    """A verb nobody registered: a programming error."""


class InvalidParams(ValueError):
    """Parameters that are not the verb's, or not of their kind: a programming error."""


@dataclass(frozen=True)
class Verb:
    """``message`` is a gettext_lazy string with a ``%(name)s`` for every parameter."""

    code: str
    message: str | Promise
    params: Mapping[str, ParamKind] = field(default_factory=dict)

    def clean(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters as stored: JSON numbers and strings, exactly the verb's names."""
        if set(values) != set(self.params):
            raise InvalidParams(f"{self.code} takes {sorted(self.params)}, got {sorted(values)}")
        return {
            name: _stored(self.code, name, kind, values[name]) for name, kind in self.params.items()
        }

    def render(self, stored: Mapping[str, Any]) -> str:
        """The message in the active language, parameters formatted for the reader."""
        shown = {name: _shown(kind, stored.get(name)) for name, kind in self.params.items()}
        return str(self.message) % shown


def _stored(code: str, name: str, kind: ParamKind, value: Any) -> int | str:
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is datetime.date and type(value) is datetime.date:
        return value.isoformat()
    if isinstance(kind, type) and issubclass(kind, models.Choices) and value in kind.values:
        return str(value)
    raise InvalidParams(f"{code}: {name}={value!r} is not a {kind.__name__}")


def _shown(kind: ParamKind, value: Any) -> str:
    if value is None:
        return "?"
    if kind is datetime.date:
        return formats.date_format(datetime.date.fromisoformat(value))
    if isinstance(kind, type) and issubclass(kind, models.Choices):
        # A value that left the Choices since is shown as its code rather than failing.
        return str(kind(value).label) if value in kind.values else str(value)
    return str(value)


@cache
def registry() -> dict[str, Verb]:
    """Every app's verbs by code, collected once."""
    found: dict[str, Verb] = {}
    for module in app_modules("audit_verbs"):
        for verb in module.VERBS:
            if verb.code in found:
                raise ImproperlyConfigured(f"audit verb {verb.code} is registered twice")
            found[verb.code] = verb
    return found


def get(code: str) -> Verb:
    try:
        return registry()[code]
    except KeyError:
        raise UnknownVerb(code) from None
