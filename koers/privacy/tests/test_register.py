"""The register of personal data (issue 16 item 5): every model and every field in it,
each in exactly one list; a new field nobody registered fails here."""

from __future__ import annotations

import dataclasses

from koers.lib.personal_data import Keep
from koers.privacy import register


def test_every_model_and_field_is_in_the_register():
    assert register.problems() == []


def test_an_unregistered_personal_field_fails(monkeypatch):
    tables = tuple(
        dataclasses.replace(t, personal=tuple(f for f in t.personal if f != "birth_date"))
        if t.model == "organisations.Employee"
        else t
        for t in register.tables()
    )
    monkeypatch.setattr(register, "tables", lambda: tables)
    assert register.problems() == [
        "organisations.Employee.birth_date: a field the register does not mention"
    ]


def test_a_wrong_person_path_or_a_field_listed_twice_fails(monkeypatch):
    def changed(table: register.Table) -> register.Table:
        if table.model == "plans.Activity":
            return dataclasses.replace(table, person="point__plan")
        if table.model == "cards.Card":
            return dataclasses.replace(table, other=(*table.other, "year"))
        return table

    tables = tuple(changed(t) for t in register.tables())
    monkeypatch.setattr(register, "tables", lambda: tables)
    assert register.problems() == [
        "plans.Activity: person path 'point__plan' does not lead to Employee",
        "cards.Card.year: in more than one list",
    ]


def test_every_file_table_says_whose_file_it_is():
    """What retention deletes and the export reads is found along ``person``: a table kept
    "until the retention period" without it would be kept for ever."""
    missing = [
        t.model
        for t in register.tables()
        if t.keep == Keep.FILE and not t.person and t.model != "admin.LogEntry"
    ]
    assert missing == []
