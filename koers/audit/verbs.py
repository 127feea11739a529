"""The verb registry: what an audit event can say, as a code with typed parameters and a
message that is translated when it is shown.

Every app declares its verbs in ``koers/<app>/audit_verbs.py`` as ``VERBS`` (found by module
name, like the navigation). A verb's parameters are codes, numbers, dates and ids only: never
a sentence and never text a person typed (that could hold health details).
"""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ImproperlyConfigured

from koers.lib.registry import app_modules
from koers.lib.verbs import InvalidParams, ParamKind, Verb

__all__ = ["InvalidParams", "ParamKind", "UnknownVerb", "Verb", "get", "read_codes", "registry"]


class UnknownVerb(LookupError):
    """A verb nobody registered: a programming error."""


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


@cache
def read_codes() -> frozenset[str]:
    """The verbs that say somebody looked into a file (``Verb.read``)."""
    return frozenset(code for code, verb in registry().items() if verb.read)
