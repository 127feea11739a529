"""The works-council page (``/privacy/<organisation>/``, issue 16 item 4): what Koers keeps
about the organisation's people, who sees it, how long, where, and which e-mails go out —
generated from the live configuration, never written by hand.

- the personal fields: the register (koers.lib.personal_data) and the organisation's
  choices of optional fields;
- who sees what: each file table's ``visible_to`` (the policy's one door for reads), asked
  for one person of the organisation who has such rows, as that person, their current
  manager, a colleague in their team, HR and the administrator;
- retention, second factor, e-mail: the organisation's settings and Koers's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.access.roles import Role
from koers.access.views import visible
from koers.followup.models import NoticeKind
from koers.lib.personal_data import Keep, Table
from koers.organisations.models import (
    ALL_OPTIONAL_FIELDS,
    OPTIONAL_FIELD_GROUPS,
    Employee,
    Organisation,
)
from koers.privacy import register

# Who is asked, in the page's column order.
READERS = (
    ("self", _("de medewerker zelf")),
    ("manager", _("de leidinggevende (nu)")),
    ("colleague", _("een teamgenoot")),
    ("hr", _("HR")),
    ("admin", _("de beheerder")),
)
ALL, SOME, NONE = "all", "some", "none"
# No actor is ever this person: the hypothetical reader is nobody in the organisation.
NOBODY = -1


@dataclass
class ReadRow:
    """One kind of data: what it is, why, how long, and per reader all / some / none (empty
    when the organisation has no such rows yet)."""

    label: str
    purpose: str
    keep: str
    fields: list[str]
    readers: dict[str, str] = field(default_factory=dict)

    @property
    def cells(self) -> list[str]:
        """The answers in the order of ``READERS`` (the page's columns)."""
        return [self.readers[key] for key, _label in READERS]


@dataclass
class WorksCouncilPage:
    organisation: Organisation
    always_kept: list[str]
    optional: list[tuple[str, bool]]
    rows: list[ReadRow]
    other_tables: list[ReadRow]
    retention_years: int
    database: str
    location: str
    subprocessors: list[str]
    email_on: bool
    email_kinds: list[str]
    second_factor: str

    @property
    def register(self) -> list[ReadRow]:
        return self.rows + self.other_tables


def page_for(organisation: Organisation) -> WorksCouncilPage:
    employee_table = register.table_of(Employee)
    always = [
        _verbose(Employee, name)
        for name in employee_table.personal
        if name not in ALL_OPTIONAL_FIELDS and name not in ("user", "is_hr", "is_org_admin")
    ]
    kept = set(organisation.kept_optional_fields())
    optional = [
        (", ".join(_verbose(Employee, f) for f in fields), all(f in kept for f in fields))
        for fields in OPTIONAL_FIELD_GROUPS.values()
    ]
    rows, other = [], []
    for table in register.tables():
        if table.keep == Keep.NONE:
            continue
        row = _row(table)
        if _read_through_the_policy(table):
            row.readers = _readers(organisation, table)
            rows.append(row)
        else:
            other.append(row)
    return WorksCouncilPage(
        organisation=organisation,
        always_kept=always,
        optional=optional,
        rows=rows,
        other_tables=other,
        retention_years=organisation.retention_years,
        database=_database(),
        location=settings.KOERS_DATA_LOCATION,
        subprocessors=list(settings.KOERS_SUBPROCESSORS),
        email_on=_email_on(),
        email_kinds=[str(label) for _value, label in NoticeKind.choices],
        second_factor=_second_factor(organisation),
    )


def _read_through_the_policy(table: Table) -> bool:
    """A table of people's files that pages read through ``visible_to`` (the login
    libraries' tables are read by the person's own login only)."""
    if not table.person or table.model == "organisations.Employee":
        return False
    model = register.model_of(table)
    if table.person.endswith("_id") and not model._meta.get_field(table.person).is_relation:
        return False
    return hasattr(model._default_manager.all(), "visible_to")


def _row(table: Table) -> ReadRow:
    model = register.model_of(table)
    return ReadRow(
        label=str(table.label or model._meta.verbose_name_plural),
        purpose=str(table.purpose.label),
        keep=str(table.keep.label),
        fields=[_verbose(model, name) for name in table.personal],
    )


def _readers(organisation: Organisation, table: Table) -> dict[str, str]:
    """Ask the table's ``visible_to`` about the rows of one person of the organisation who
    has some (the one with the newest row, in a team): the same rules every page reads
    through. A handful of indexed queries per table, whatever the organisation's size."""
    model = register.model_of(table)
    team_path = f"{table.person}__team_id"
    person = (
        model._base_manager.filter(
            **{f"{table.person}__organisation_id": organisation.pk, f"{team_path}__isnull": False}
        )
        .order_by("-pk")
        .values_list(table.person, team_path)
        .first()
    )
    if person is None:
        return {}
    person_id, team_id = person
    rows = model._base_manager.filter(**{table.person: person_id})
    total = rows.count()
    found = {}
    for key, _label in READERS:
        seen = visible(model, _reader(key, organisation.pk, person_id, team_id)).filter(
            pk__in=rows.values("pk")
        )
        count = seen.count()
        found[key] = ALL if count == total else SOME if count else NONE
    return found


def _reader(key: str, organisation_id: int, person_id: int, team_id: int) -> Actor:
    employee = {Role.EMPLOYEE.value}
    if key == "self":
        return Actor(
            employee_id=person_id,
            organisation_id=organisation_id,
            team_id=team_id,
            roles=frozenset(employee),
        )
    if key == "manager":
        return Actor(
            employee_id=NOBODY,
            organisation_id=organisation_id,
            roles=frozenset(employee | {Role.MANAGER.value}),
            led_team_ids=frozenset({team_id}),
        )
    if key == "colleague":
        return Actor(
            employee_id=NOBODY,
            organisation_id=organisation_id,
            team_id=team_id,
            roles=frozenset(employee),
        )
    role = Role.HR if key == "hr" else Role.ORG_ADMIN
    return Actor(
        employee_id=NOBODY,
        organisation_id=organisation_id,
        roles=frozenset(employee | {role.value}),
    )


def _verbose(model: type[Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _database() -> str:
    if connection.vendor == "sqlite":
        return str(_("een SQLite-bestand op de server van Koers"))
    return str(_("een PostgreSQL-database"))


def _email_on() -> bool:
    backend: Any = settings.EMAIL_BACKEND
    return not backend.endswith(
        ("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")
    )


def _second_factor(organisation: Organisation) -> str:
    """Who must sign in with a second factor, as the organisation set it."""
    return str(organisation.second_factor_rule.label)
