"""The register of personal data: every app's ``personal_data.TABLES`` (see
koers.lib.personal_data), collected once and checked against the models."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from koers.lib.personal_data import Keep, Purpose, Table
from koers.lib.registry import app_modules

__all__ = ["Keep", "Purpose", "Table", "problems", "table_of", "tables"]


@cache
def tables() -> tuple[Table, ...]:
    """Every registered table, in INSTALLED_APPS order of the apps that declare them."""
    found: dict[str, Table] = {}
    for module in app_modules("personal_data"):
        for table in module.TABLES:
            if table.model in found:
                raise ImproperlyConfigured(f"{table.model} is in the register twice")
            found[table.model] = table
    return tuple(found.values())


def table_of(model: type[models.Model]) -> Table:
    for table in tables():
        if table.model == model._meta.label:
            return table
    raise LookupError(f"{model._meta.label} is not in the register of personal data")


def model_of(table: Table) -> type[models.Model]:
    return apps.get_model(table.model)


def problems() -> list[str]:
    """What does not match between the register and the models: a model that is not in it,
    a field that is in none or in two of its lists, a field that does not exist, a person
    path that does not lead to an employee."""
    found = []
    registered = {table.model: table for table in tables()}
    for model in apps.get_models():
        label = model._meta.label
        table = registered.pop(label, None)
        if table is None:
            found.append(f"{label}: not in the register (koers/<app>/personal_data.py)")
            continue
        names = [field.name for field in model._meta.concrete_fields]
        listed = table.fields
        for name in names:
            if listed.count(name) == 0:
                found.append(f"{label}.{name}: a field the register does not mention")
            elif listed.count(name) > 1:
                found.append(f"{label}.{name}: in more than one list")
        for name in set(listed) - set(names):
            found.append(f"{label}.{name}: in the register, not a field of the model")
        if table.person and table.person not in ("pk", "employee_id"):
            target = _follow(model, table.person)
            if target is None or target._meta.label != "organisations.Employee":
                found.append(f"{label}: person path {table.person!r} does not lead to Employee")
        if table.keep == Keep.NONE and table.personal:
            found.append(f"{label}: kept as 'no personal data' but lists personal fields")
    found += [f"{label}: in the register, not a model" for label in registered]
    return found


def _follow(model: type[models.Model], path: str) -> type[models.Model] | None:
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except Exception:
            return None
        model = field.related_model
        if model is None:
            return None
    return model
