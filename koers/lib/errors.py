"""The domain's two errors. Domain code (actions, policies) raises these, never Django's
``PermissionDenied`` or ``ValidationError``; views turn them into a page or a form error.

- ``NotAllowed``: the actor may not do this to this object (a 403, or a 404 where even the
  object's existence must not leak).
- ``Refused(code, **params)``: the action is allowed but cannot be done now (a signed report
  cannot change, a remark is missing). It carries a code and parameters, rendered to a
  sentence in the reader's language when shown, from the messages the apps register.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise

_MESSAGES: dict[str, Promise | str] = {}


def register_messages(messages: Mapping[str, Promise | str]) -> None:
    """An app names the sentences of its refusals once (lazy gettext, with %(param)s)."""
    for code, message in messages.items():
        if code in _MESSAGES and _MESSAGES[code] != message:
            raise ValueError(f"refusal code {code!r} is registered twice")
        _MESSAGES[code] = message


class DomainError(Exception):
    """Base of the errors domain code raises."""


class NotAllowed(DomainError):
    """The actor may not do ``verb`` to this kind of object."""

    def __init__(self, verb: str = "", kind: str = "") -> None:
        self.verb, self.kind = verb, kind
        super().__init__(f"not allowed: {verb} {kind}".strip())


class Refused(DomainError):
    """Allowed, but not possible now; ``code`` says why, ``params`` fill in the sentence."""

    def __init__(self, code: str, /, **params: Any) -> None:
        if code not in _MESSAGES:
            raise LookupError(f"refusal code {code!r} has no registered message")
        self.code, self.params = code, params
        super().__init__(code)

    @property
    def message(self) -> str:
        """The sentence in the active language (render it while the reader's is active)."""
        return str(_MESSAGES[self.code]) % self.params if self.params else str(_MESSAGES[self.code])

    def __str__(self) -> str:
        return self.message
