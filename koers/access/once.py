"""Make something once: a create form carries a one-time token, and a submission that comes
twice (a double click, the back button, a retry after a time-out) makes one row, not two.

A create action calls ``make_once`` inside its transaction::

    return once.make_once(actor, token, DevelopmentPlan, make, existing=..., refusal="...")

- the first submission with a token records it (``Submission``) together with the row it
  makes; a later one with the same token gets that row back, and nothing happens again;
- two at the same moment: the unique token makes the second wait for the first and then
  fail on the index; it rolls back to its savepoint and returns the first's row;
- ``existing`` finds the row the domain allows only once (one POP per employee per start
  date; one talk per employee at one time), guarded by a database constraint: another form
  (another tab, another token) gets ``Duplicate`` with that row, never an IntegrityError.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db import IntegrityError, models, transaction

from koers.access.actor import Actor
from koers.access.models import Submission
from koers.lib.errors import Refused
from koers.lib.forms import KoersForm

M = TypeVar("M", bound=models.Model)

TOKEN_FIELD = "once"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OnceField(forms.CharField):
    """The hidden one-time token of a create form (a new one each time the form is shown;
    a form shown again with its errors keeps its token)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("initial", new_token)
        super().__init__(**kwargs)


class OnceForm(KoersForm):
    """A create form: carries the one-time token as the hidden field ``once``."""

    once = OnceField()


def token_of(form: forms.BaseForm) -> str:
    return form.cleaned_data.get(TOKEN_FIELD) or ""


class Duplicate(Refused):
    """The domain allows this only once and it is there already: ``existing`` is that row."""

    def __init__(self, code: str, /, existing: models.Model, **params: Any) -> None:
        super().__init__(code, **params)
        self.existing = existing


def _kind(model: type[models.Model]) -> str:
    return model._meta.label_lower


def earlier(actor: Actor, token: str, model: type[M]) -> M | None:
    """What an earlier submission of this token by this actor made, if anything."""
    if not token:
        return None
    made = (
        Submission.objects.filter(
            token=token,
            kind=_kind(model),
            organisation_id=actor.organisation_id,
            employee_id=actor.employee_id,
        )
        .values_list("object_id", flat=True)
        .first()
    )
    if made is None:
        return None
    return model._default_manager.filter(pk=made).first()


def make_once(
    actor: Actor,
    token: str,
    model: type[M],
    make: Callable[[], M],
    *,
    existing: Callable[[], M | None] | None = None,
    refusal: str = "",
    **params: Any,
) -> M:
    """``make()`` once per token; see the module's docstring. ``make`` creates one row of
    ``model`` (and records its audit event) and returns it; ``params`` fill in the
    refusal's sentence."""
    if (made := earlier(actor, token, model)) is not None:
        return made
    if existing is not None and (found := existing()) is not None:
        raise Duplicate(refusal, existing=found, **params)
    try:
        with transaction.atomic():
            submission = None
            if token:
                submission = Submission.objects.create(
                    token=token,
                    kind=_kind(model),
                    organisation_id=actor.organisation_id,
                    employee_id=actor.employee_id,
                )
            row = make()
            if submission is not None:
                submission.object_id = row.pk
                submission.save(update_fields=["object_id"])
            return row
    except IntegrityError:
        # Someone else got there first (the same token, or the one row the domain allows):
        # after their commit it is visible here.
        if (made := earlier(actor, token, model)) is not None:
            return made
        if existing is not None and (found := existing()) is not None:
            raise Duplicate(refusal, existing=found, **params) from None
        if token and Submission.objects.filter(token=token).exists():
            # The token was spent on something else (a form sent back by hand): make
            # this one without it.
            return make_once(actor, "", model, make, existing=existing, refusal=refusal, **params)
        raise
