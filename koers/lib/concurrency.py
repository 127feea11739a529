"""No lost updates: every edited object carries a revision, every edit form and autosave
carries the revision it was loaded at, and the action refuses a save made on an older one.

- ``Revisioned``: an abstract model with an integer ``revision`` that goes up on every save.
- ``claim(obj, expected)``: called by an action before it writes. One conditional
  ``UPDATE ... SET revision = expected + 1 WHERE pk = ... AND revision = expected``; exactly
  one row must change. That row is then locked until the transaction ends, so of two saves
  with the same token running at the same moment one wins and the other is refused, not only
  a save from a form that was loaded long ago.
- ``StaleEdit``: the refusal (``edit.stale``), carrying the object as it is stored now.
- ``RevisionFormMixin``: the hidden ``revision`` field; ``form.expected_revision`` after
  validation. A form without the field posted (an old client, a script) is not checked.
- ``conflict(form, stale)``: what the conflict box shows, the user's text next to the stored
  text, field by field.
- ``fingerprint(values)`` / ``claim_values(...)``: the same for a setting without a revision
  column of its own (a language, a notification channel, a team's name display): the token is
  a hash of the values the form was loaded with.

The token of an object not yet stored is 0: a form for notes that do not exist yet sends 0,
and if someone else stored them in the meantime, the save is refused as well.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import migrations, models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from koers.lib.canonical import canonical_json
from koers.lib.errors import Refused, register_messages

register_messages(
    {
        "edit.stale": _(
            "Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen: "
            "hieronder staan uw tekst en de opgeslagen tekst naast elkaar."
        )
    }
)

FIELD = "revision"
MAX_REVISION = 2**31 - 1  # a PositiveIntegerField on PostgreSQL


class Revisioned(models.Model):
    """An object edited through forms: ``revision`` counts its saves (the edit token)."""

    revision = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        if getattr(self, "_revision_claimed", False):
            # ``claim`` has already moved the stored revision on, under a row lock.
            self._revision_claimed = False
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, FIELD}
        self.revision = F(FIELD) + 1
        super().save(*args, **kwargs)
        self.revision = type(self)._base_manager.values_list(FIELD, flat=True).get(pk=self.pk)


def add_revision(app_label: str, model_name: str) -> migrations.SeparateDatabaseAndState:
    """The migration that gives a model its ``revision``. SQLite adds the column in place
    (``ALTER TABLE ... ADD COLUMN ... DEFAULT 1``): Django would rebuild the table, which
    fails where a trigger names it (the audit log's triggers name the organisations)."""
    field = Revisioned._meta.get_field(FIELD).clone()

    def column(apps: Any, schema_editor: Any) -> tuple[type[models.Model], models.Field]:
        model = apps.get_model(app_label, model_name)
        added = field.clone()
        added.set_attributes_from_name(FIELD)
        added.model = model
        return model, added

    def forwards(apps: Any, schema_editor: Any) -> None:
        model, added = column(apps, schema_editor)
        if schema_editor.connection.vendor == "sqlite":
            table = schema_editor.quote_name(model._meta.db_table)
            schema_editor.execute(
                f'ALTER TABLE {table} ADD COLUMN "{FIELD}" integer unsigned NOT NULL DEFAULT 1 '
                f'CHECK ("{FIELD}" >= 0)'
            )
        else:
            schema_editor.add_field(model, added)

    def backwards(apps: Any, schema_editor: Any) -> None:
        model, added = column(apps, schema_editor)
        if schema_editor.connection.vendor == "sqlite":
            table = schema_editor.quote_name(model._meta.db_table)
            schema_editor.execute(f'ALTER TABLE {table} DROP COLUMN "{FIELD}"')
        else:
            schema_editor.remove_field(model, added)

    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunPython(forwards, backwards)],
        state_operations=[migrations.AddField(model_name, FIELD, field)],
    )


def token_of(obj: models.Model | None) -> int:
    """The revision a form carries for this object: 0 for one that is not stored yet."""
    if obj is None or obj.pk is None or obj._state.adding:
        return 0
    return int(getattr(obj, FIELD))


class StaleEdit(Refused):
    """The object changed since the form was loaded; ``current`` is it as stored now (None
    when it was removed). A setting without a revision column carries its token and stored
    values instead (``revision``, ``stored``)."""

    def __init__(
        self,
        current: models.Model | None,
        *,
        revision: int | None = None,
        stored: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__("edit.stale")
        self.current = current
        self._revision = revision
        self.stored = dict(stored) if stored is not None else None

    @property
    def revision(self) -> int:
        return self._revision if self._revision is not None else token_of(self.current)


def fingerprint(values: Mapping[str, Any]) -> int:
    """The edit token of values without a revision of their own: a hash of them as loaded."""
    plain = canonical_json({name: _plain(value) for name, value in values.items()})
    return 1 + zlib.crc32(plain.encode()) % (MAX_REVISION - 1)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip()
    return value if isinstance(value, int | bool | None) else str(value)


def claim_values(stored: Mapping[str, Any], expected: int | None, new: Mapping[str, Any]) -> None:
    """Before an action writes a setting: refuse with ``StaleEdit`` unless the ``stored``
    values (read by the action under a row lock, or defaults when there is no row yet) are
    still the ones the form was loaded with (``expected``, a ``fingerprint``), or already
    hold ``new`` (a double submit)."""
    if expected is None or fingerprint(stored) == expected:
        return
    if all(_plain(stored.get(name)) == _plain(value) for name, value in new.items()):
        return
    raise StaleEdit(None, revision=fingerprint(stored), stored=stored)


def _stored(model: type[models.Model], pk: Any) -> models.Model | None:
    return model._base_manager.filter(pk=pk).first()


def claim(
    obj: models.Model,
    expected: int | None,
    *,
    created: bool = False,
    values: Mapping[str, Any] | None = None,
) -> None:
    """Before an action writes ``obj``: refuse with ``StaleEdit`` unless the stored revision
    is still ``expected`` (``None``: not checked, for commands and the demo). ``created``:
    the action has just made ``obj`` in this transaction; then only a token of 0 (or none)
    fits, since the form was loaded before anything was stored. ``values``: what the action
    is about to write; when the stored object already holds exactly that, nothing of the
    other person's would be lost, and the save goes through (a double submit, a retry)."""
    model = type(obj)
    if created:
        if expected not in (None, 0):
            raise StaleEdit(_stored(model, obj.pk))
        return
    if expected is None:
        return
    if obj.pk is not None and expected > 0 and _bump(obj, expected):
        return
    current = _stored(model, obj.pk) if obj.pk is not None else None
    unchanged = current is not None and values is not None and _holds(current, values)
    if unchanged and _bump(obj, token_of(current)):
        return
    raise StaleEdit(current)


def _bump(obj: models.Model, expected: int) -> bool:
    """The conditional UPDATE: exactly one row, at ``expected``, moves on (and is locked)."""
    rows = (
        type(obj)
        ._base_manager.filter(pk=obj.pk, **{FIELD: expected})
        .update(**{FIELD: expected + 1})
    )
    if rows != 1:
        return False
    setattr(obj, FIELD, expected + 1)
    obj._revision_claimed = True
    return True


def _same(stored: Any, value: Any) -> bool:
    if isinstance(stored, str) and isinstance(value, str):
        return stored.strip() == value.strip()
    if isinstance(value, models.Model):
        return getattr(stored, "pk", stored) == value.pk
    return stored == value


def _holds(current: models.Model, values: Mapping[str, Any]) -> bool:
    return all(
        _same(getattr(current, name), value)
        for name, value in values.items()
        if hasattr(current, name) and not isinstance(getattr(current, name), models.Manager)
    )


class RevisionFormMixin:
    """Adds the hidden ``revision`` field, filled from ``instance`` (a ModelForm), from
    ``revision=`` (any form) or, with ``of_values=True``, from the values shown;
    ``expected_revision`` is the posted token after validation,
    ``None`` when none was posted."""

    revision_field = FIELD

    def __init__(
        self, *args: Any, revision: int | None = None, of_values: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if of_values:
            # A setting without a revision column: the token is its values as shown, which
            # the action compares with ``claim_values`` (same names as the form's fields).
            revision = fingerprint(
                {name: self.initial.get(name, field.initial) for name, field in self.fields.items()}
            )
        elif revision is None:
            revision = token_of(getattr(self, "instance", None))
        self.fields[self.revision_field] = forms.IntegerField(
            label=_("Versie van het formulier"),
            widget=forms.HiddenInput,
            required=False,
            min_value=0,
            max_value=MAX_REVISION,
            initial=revision,
        )

    @property
    def expected_revision(self) -> int | None:
        return getattr(self, "_expected_revision", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The token is not one of the values to save: keep it out of cleaned_data.
        self._expected_revision = data.pop(self.revision_field, None)
        return data


@dataclass
class ConflictRow:
    label: str
    mine: str
    stored: str


@dataclass
class Conflict:
    """What the conflict box shows: the rows that differ, the token to save again with, and
    the user's posted values to send again ("keep mine")."""

    rows: list[ConflictRow]
    revision: int
    resubmit: list[tuple[str, str]] = field(default_factory=list)
    removed: bool = False
    token_name: str = FIELD


def _shown(form_field: forms.Field | None, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    choices = getattr(form_field, "choices", None)
    if choices is not None and not isinstance(value, models.Model):
        labels = {str(k): v for k, v in choices if not isinstance(v, list | tuple)}
        if str(value) in labels:
            return str(labels[str(value)])
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value)


def stored_value(current: models.Model | None, name: str) -> Any:
    if current is None:
        return None
    value = getattr(current, name, None)
    if isinstance(value, models.Manager):
        return ", ".join(str(v) for v in value.all()) or None
    return value


def conflict(
    stale: StaleEdit,
    mine: dict[str, Any],
    *,
    form: forms.BaseForm | None = None,
    labels: dict[str, str] | None = None,
    posted: Any = None,
    token_name: str = FIELD,
    stored: Mapping[str, Any] | None = None,
) -> Conflict:
    """The user's values (``mine``, by field name) next to the stored ones (the object's
    attributes, or ``stored`` when the text lives elsewhere), for the fields that differ;
    ``posted`` (request.POST) is sent again with the new token to keep them."""
    rows = []
    for name, value in mine.items():
        form_field = form.fields.get(name) if form is not None else None
        label = (labels or {}).get(name) or (form_field.label if form_field else None) or name
        if stored is None and stale.stored is not None:
            stored = stale.stored
        now = stored[name] if stored is not None else stored_value(stale.current, name)
        if isinstance(value, str) and isinstance(now, str) and value.strip() == now.strip():
            continue
        if isinstance(value, Iterable) and not isinstance(value, str | bytes):
            value = ", ".join(str(v) for v in value) or None
        if value == now:
            continue
        rows.append(ConflictRow(str(label), _shown(form_field, value), _shown(form_field, now)))
    resubmit = []
    if posted is not None:
        skipped = {"csrfmiddlewaretoken", token_name}
        resubmit = [
            (name, value)
            for name in posted
            if name not in skipped
            for value in posted.getlist(name)
        ]
    return Conflict(
        rows,
        stale.revision,
        resubmit,
        removed=stale.current is None and stale.stored is None,
        token_name=token_name,
    )


def conflict_on(form: forms.BaseForm, stale: StaleEdit, posted: Any) -> Conflict:
    """The conflict box for a bound form whose save was refused: the user's values next to
    the stored ones, and the form's token moved on, so that saving again keeps the user's
    values (the view renders the form with status 409)."""
    found = conflict(stale, dict(form.cleaned_data), form=form, posted=posted)
    with_revision(form, found.revision)
    return found


def with_revision(form: forms.BaseForm, revision: int, name: str = FIELD) -> forms.BaseForm:
    """The same bound form, its hidden token set to ``revision`` (the conflict page: saving
    again keeps the user's text over the stored one)."""
    data = form.data.copy()
    data[form.add_prefix(name)] = str(revision)
    form.data = data
    return form
