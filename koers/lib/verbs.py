"""What an audit event can say: a code with typed parameters and a message translated when
it is shown. Pure (no models), so that every app can declare its verbs, also the apps below
the audit app (organisations, accounts); the registry of all verbs is ``koers.audit.verbs``.

A verb's parameters are codes, numbers, dates and ids only: never a sentence and never text a
person typed (that could hold health details).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.functional import Promise

# What a parameter may be: a whole number (a version number, an id), a date, or one of the
# values of a Choices class (shown as its translated label).
ParamKind = type[int] | type[datetime.date] | type[models.Choices]


class InvalidParams(ValueError):
    """Parameters that are not the verb's, or not of their kind: a programming error."""


@dataclass(frozen=True)
class Verb:
    """``message`` is a gettext_lazy string with a ``%(name)s`` for every parameter.

    ``read``: the event says somebody looked into a file (opened, downloaded, printed or
    exported it) rather than changed it; "Wie keek in mijn dossier?" can show these alone."""

    code: str
    message: str | Promise
    params: Mapping[str, ParamKind] = field(default_factory=dict)
    read: bool = False

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
