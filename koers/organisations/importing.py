"""Employee files in: read CSV/XLSX and check every row (the dry run).

Pure functions and dataclasses; the only database reads are ``ImportContext.load`` (two
queries). Writing to the database is the action ``actions.transfers.apply_import``; the
export, in the same columns, is ``exporting``.

The column headers are the file format and therefore fixed Dutch, whatever the user's
language. Values are read as text: what a dry run stores and what applying re-checks.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from koers.lib.forms import has_control_character
from koers.lib.tabular import unguard_formula
from koers.organisations.models import (
    OPTIONAL_FIELD_GROUPS,
    ContractType,
    EducationLevel,
    Employee,
    Gender,
    Organisation,
    Team,
)

# A generous cap so that a compressed spreadsheet cannot expand without end.
MAX_ROWS = 50_000
CSV_DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Column:
    """One column of the employee file: the Employee field it fills and its Dutch header."""

    field: str
    header: str
    kind: str = "text"  # text | email | hours | date | choice | department | team
    choices: type[models.TextChoices] | None = None
    required: bool = False


BASE_COLUMNS: tuple[Column, ...] = (
    Column("personnel_number", "personeelsnummer", required=True),
    Column("first_name", "voornaam", required=True),
    Column("name_prefix", "tussenvoegsel"),
    Column("last_name", "achternaam", required=True),
    Column("initials", "voorletters"),
    Column("email", "e-mailadres", "email"),
    Column("department", "afdeling", "department"),
    Column("team", "team", "team"),
    Column("function", "functie"),
    Column("hours_per_week", "uren per week", "hours"),
    Column("in_service_since", "in dienst sinds", "date"),
    Column("left_service_on", "uit dienst per", "date"),
    Column("contract_type", "soort contract", "choice", ContractType),
    Column("education_level", "opleidingsniveau", "choice", EducationLevel),
)
OPTIONAL_COLUMNS: dict[str, Column] = {
    column.field: column
    for column in (
        Column("street", "straat en huisnummer"),
        Column("postcode", "postcode"),
        Column("city", "plaats"),
        Column("private_phone", "telefoon privé"),
        Column("birth_date", "geboortedatum", "date"),
        Column("birthplace", "geboorteplaats"),
        Column("gender", "geslacht", "choice", Gender),
        Column("nationality", "nationaliteit"),
    )
}
assert set(OPTIONAL_COLUMNS) == {f for fs in OPTIONAL_FIELD_GROUPS.values() for f in fs}
ALL_COLUMNS: dict[str, Column] = {c.field: c for c in (*BASE_COLUMNS, *OPTIONAL_COLUMNS.values())}


def columns_for(organisation: Organisation) -> list[Column]:
    """The columns of this organisation's file: the base set plus the personal fields it keeps."""
    kept = [OPTIONAL_COLUMNS[name] for name in organisation.kept_optional_fields()]
    return [*BASE_COLUMNS, *kept]


def column_hint(column: Column) -> str:
    """What a cell of this column holds, for the import page."""
    if column.kind == "choice" and column.choices is not None:
        return _("Een van: %(choices)s.") % {
            "choices": ", ".join(str(label) for label in column.choices.labels)
        }
    hints = {
        "email": _("Een geldig e-mailadres, of leeg (dan krijgt iemand een brief)."),
        "date": _("Een datum als dd-mm-jjjj, bijvoorbeeld 01-09-2024."),
        "hours": _("Een getal van 0 tot en met 60, bijvoorbeeld 32 of 32,5."),
        "department": _("De naam van een afdeling van uw organisatie."),
        "team": _("De naam van een team in die afdeling."),
    }
    return hints.get(column.kind, _("Tekst."))


def normalise(text: object) -> str:
    """Case- and whitespace-insensitive form of a header or name."""
    return " ".join(str(text).split()).casefold()


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``messages`` say why, in Dutch."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


# --- reading -----------------------------------------------------------------------------


@dataclass
class Sheet:
    """A file as a grid of text: the header row and the data rows with their numbers as the
    spreadsheet shows them (the header is row 1)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]


def read_file(filename: str, data: bytes) -> Sheet:
    """Read an uploaded CSV or XLSX file, or raise ImportFileError."""
    if not data:
        raise ImportFileError(_("Het bestand is leeg."))
    name = filename.lower()
    if data.startswith(b"PK\x03\x04"):
        sheet = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Dit is een oud Excel-bestand (.xls). Sla het op als Excel-werkmap (.xlsx) "
                "of als CSV en probeer het opnieuw."
            )
        )
    elif name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(
            _("Het Excel-bestand kan niet worden gelezen. Is het een .xlsx-bestand?")
        )
    elif name.endswith((".csv", ".txt")) and b"\x00" not in data[:4096]:
        sheet = _read_csv(data)
    else:
        raise ImportFileError(_("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."))
    if not any(sheet.headers):
        raise ImportFileError(
            _("Het bestand heeft geen kolomkoppen. Zet de kolomnamen in de eerste rij.")
        )
    if not sheet.rows:
        raise ImportFileError(
            _("Het bestand bevat geen medewerkers: er staan geen rijen onder de kolomkoppen.")
        )
    return sheet


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)".
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("De tekens in het bestand zijn niet te lezen. Sla het op als CSV UTF-8.")
        ) from exc


def _read_csv(data: bytes) -> Sheet:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # The delimiter that splits the header into the most columns: ';' from Dutch Excel.
    delimiter = max(CSV_DELIMITERS, key=lambda d: len(next(csv.reader([first_line], delimiter=d))))
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _sheet_from_records(records)
    except csv.Error as exc:
        raise ImportFileError(
            _("Het CSV-bestand is niet goed opgebouwd rond regel %(line)s.")
            % {"line": records.line_num}
        ) from exc


def _read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    unreadable = _("Het Excel-bestand kan niet worden gelezen. Is het een .xlsx-bestand?")
    # openpyxl raises many kinds of error for a damaged or foreign zip file (BadZipFile,
    # KeyError, XML parse errors, ...): each means the same to the person uploading.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(unreadable) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Het Excel-bestand heeft geen werkblad."))
        worksheet = workbook.worksheets[0]
        worksheet.reset_dimensions()  # some writers record wrong dimensions
        records = (
            [_cell_text(value) for value in row]
            for row in worksheet.iter_rows(min_row=1, values_only=True)
        )
        return _sheet_from_records(records)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(unreadable) from exc
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """An XLSX cell as the text a person would type: dates as jjjj-mm-dd, 32.0 as 32."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_from_records(records: Iterable[list[str]]) -> Sheet:
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records, start=1):
        cells = [cell.strip() for cell in record]
        if any(has_control_character(cell) for cell in cells):
            # A NUL cannot be stored (PostgreSQL), the others are invisible junk.
            raise ImportFileError(
                _(
                    "Rij %(row)s bevat een onzichtbaar stuurteken (bijvoorbeeld uit een kopie "
                    "uit een ander programma). Haal het weg en probeer het opnieuw."
                )
                % {"row": number}
            )
        if headers is None:
            headers = cells
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Het bestand heeft meer dan %(max)s rijen. Splits het in kleinere bestanden.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        rows.append((number, cells))
    return Sheet(headers=headers or [], rows=rows)


def _not_kept_message(header: str) -> str:
    return _(
        "Kolom '%(column)s': uw organisatie bewaart dit persoonsgegeven niet. Haal de kolom "
        "uit het bestand; Koers slaat alleen op wat nodig is."
    ) % {"column": header}


def match_columns(headers: list[str], organisation: Organisation) -> list[Column | None]:
    """The column for each header (None for an empty header), or ImportFileError naming every
    unknown, refused, repeated or missing column."""
    allowed = {normalise(c.header): c for c in columns_for(organisation)}
    personal = {normalise(c.header): c for c in OPTIONAL_COLUMNS.values()}
    problems: list[str] = []
    matched: list[Column | None] = []
    for header in headers:
        key = normalise(header)
        column = allowed.get(key)
        if not key:
            matched.append(None)
            continue
        if column is None and key in personal:
            problems.append(_not_kept_message(header))
        elif column is None:
            problems.append(
                _("Kolom '%(column)s' is onbekend. Bekende kolommen: %(known)s.")
                % {"column": header, "known": ", ".join(c.header for c in allowed.values())}
            )
        elif column in matched:
            problems.append(_("Kolom '%(column)s' staat er twee keer in.") % {"column": header})
        matched.append(column)
    present = {c.field for c in matched if c is not None}
    for column in BASE_COLUMNS:
        if column.required and column.field not in present:
            problems.append(_("De kolom '%(column)s' ontbreekt.") % {"column": column.header})
    if ("department" in present) != ("team" in present):
        problems.append(_("De kolommen 'afdeling' en 'team' horen bij elkaar: gebruik ze allebei."))
    if problems:
        raise ImportFileError(*problems)
    return matched


def sheet_rows(sheet: Sheet, columns: list[Column | None]) -> list[dict[str, Any]]:
    """The rows as stored for the dry run: ``{"row": 5, "values": {field: text}}``."""
    width = len(columns)
    rows = []
    for number, cells in sheet.rows:
        stray = [i for i, cell in enumerate(cells) if cell and (i >= width or columns[i] is None)]
        if stray:
            raise ImportFileError(
                _("Rij %(row)s heeft een waarde in kolom %(index)s, maar die kolom heeft geen kop.")
                % {"row": number, "index": stray[0] + 1}
            )
        values = {
            column.field: (cells[i] if i < len(cells) else "")
            for i, column in enumerate(columns)
            if column is not None
        }
        rows.append({"row": number, "values": values})
    return rows


# --- checking ----------------------------------------------------------------------------


@dataclass
class ImportContext:
    """What the check compares against: the organisation's people and teams."""

    organisation: Organisation
    employees: dict[str, Employee]
    teams: dict[tuple[str, str], Team]

    @classmethod
    def load(cls, organisation: Organisation) -> ImportContext:
        employees = {e.personnel_number: e for e in organisation.employees.all()}
        teams = {
            (normalise(t.department.name), normalise(t.name)): t
            for t in Team.objects.filter(organisation=organisation).select_related("department")
        }
        return cls(organisation, employees, teams)


class Action:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowResult:
    row: int
    number: str
    name: str
    action: str = Action.NEW
    messages: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # headers of the changed columns
    changed_fields: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "number": self.number,
            "name": self.name,
            "action": self.action,
            "messages": self.messages,
            "changes": self.changes,
        }


@dataclass
class ImportCheck:
    """The dry run: per row what would happen, or the file-level errors."""

    fields: list[str]
    results: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for result in self.results if result.action == action)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.action == Action.ERROR for r in self.results)


def check_import(
    organisation: Organisation,
    fields: list[str],
    rows: list[dict[str, Any]],
    context: ImportContext | None = None,
) -> ImportCheck:
    """Check stored rows against the organisation as it is now. Nothing is written."""
    kept = {c.field for c in columns_for(organisation)}
    refused = [ALL_COLUMNS[f].header for f in fields if f not in kept]
    if refused:
        return ImportCheck(
            fields,
            file_errors=[_not_kept_message(header) for header in refused],
        )
    context = context or ImportContext.load(organisation)
    checker = _RowChecker(fields, context)
    return ImportCheck(fields, results=[checker.check(row) for row in rows])


def _shown(value: str) -> str:
    return value if len(value) <= 50 else value[:47] + "…"


DATE_DMY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
HOURS = re.compile(r"\d{1,3}(?:[.,]\d+)?")


def parse_date(text: str) -> datetime.date:
    """dd-mm-jjjj, d-m-jjjj or jjjj-mm-dd; ValueError otherwise."""
    if match := DATE_DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := DATE_ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(text)
    return datetime.date(year, month, day)


def parse_hours(text: str) -> Decimal:
    """'32', '32,5' or '32.5', from 0 to 60 with at most one decimal; ValueError otherwise."""
    if not HOURS.fullmatch(text):
        raise ValueError(text)
    try:
        hours = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not Decimal(0) <= hours <= Decimal(60) or hours != hours.quantize(Decimal("0.1")):
        raise ValueError(text)
    return hours.quantize(Decimal("0.1"))


def choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """Normalised code and label (Dutch, and the current language) → stored code."""
    lookup = {normalise(value): value for value in choices.values}
    lookup |= {normalise(label): value for value, label in choices.choices}
    with translation.override("nl"):
        lookup |= {normalise(label): value for value, label in choices.choices}
    return lookup


class _RowChecker:
    def __init__(self, fields: list[str], context: ImportContext) -> None:
        self.columns = [ALL_COLUMNS[f] for f in fields]
        self.context = context
        self.first_row_of: dict[str, int] = {}
        self.choices = {
            c.field: choice_lookup(c.choices) for c in self.columns if c.choices is not None
        }
        self.labels = {
            c.field: ", ".join(str(label) for label in c.choices.labels)
            for c in self.columns
            if c.choices is not None
        }

    def check(self, row: dict[str, Any]) -> RowResult:
        number = row["row"]
        raw = {f: unguard_formula(str(v).strip()) for f, v in row["values"].items()}
        result = RowResult(
            row=number,
            number=raw.get("personnel_number", ""),
            name=_sort_name(
                raw.get("first_name", ""), raw.get("name_prefix", ""), raw.get("last_name", "")
            ),
        )

        def problem(column: Column, message: str) -> None:
            result.messages.append(
                _("Rij %(row)s, kolom '%(column)s': %(problem)s")
                % {"row": number, "column": column.header, "problem": message}
            )

        for column in self.columns:
            if column.kind in ("department", "team"):
                continue
            text = raw[column.field]
            try:
                result.values[column.field] = self._clean(column, text)
            except ValueError as exc:
                problem(column, str(exc))
        if "team" in raw:
            self._check_team(raw, result, problem)
        start, end = result.values.get("in_service_since"), result.values.get("left_service_on")
        if start and end and end < start:
            problem(
                ALL_COLUMNS["left_service_on"],
                _("deze datum ligt vóór de datum in dienst (%(date)s).")
                % {"date": start.strftime("%d-%m-%Y")},
            )
        personnel_number = result.values.get("personnel_number")
        if personnel_number:
            first = self.first_row_of.setdefault(personnel_number, number)
            if first != number:
                problem(
                    ALL_COLUMNS["personnel_number"],
                    _("'%(value)s' staat ook al in rij %(first)s.")
                    % {"value": _shown(personnel_number), "first": first},
                )
        if result.messages:
            result.action = Action.ERROR
            return result
        existing = self.context.employees.get(personnel_number)
        if existing is not None:
            changed = [
                column
                for column in self.columns
                if column.field in result.values
                and _stored(existing, column.field) != _stored_value(result.values[column.field])
            ]
            result.changes = [column.header for column in changed]
            result.changed_fields = [column.field for column in changed]
            result.action = Action.UPDATE if result.changes else Action.UNCHANGED
        return result

    def _clean(self, column: Column, text: str) -> Any:
        if not text:
            if column.required:
                raise ValueError(_("deze kolom is verplicht en is leeg."))
            return None if Employee._meta.get_field(column.field).null else ""
        if column.kind == "date":
            try:
                return parse_date(text)
            except ValueError:
                raise ValueError(
                    _("'%(value)s' is geen geldige datum. Gebruik dd-mm-jjjj.")
                    % {"value": _shown(text)}
                ) from None
        if column.kind == "hours":
            try:
                return parse_hours(text)
            except ValueError:
                raise ValueError(
                    _(
                        "'%(value)s' is geen geldig aantal uren. Gebruik een getal van 0 tot "
                        "en met 60 met hooguit één cijfer achter de komma, zoals 32 of 32,5."
                    )
                    % {"value": _shown(text)}
                ) from None
        if column.kind == "choice":
            code = self.choices[column.field].get(normalise(text))
            if code is None:
                raise ValueError(
                    _("'%(value)s' is geen geldige waarde. Kies uit: %(choices)s.")
                    % {"value": _shown(text), "choices": self.labels[column.field]}
                )
            return code
        max_length = Employee._meta.get_field(column.field).max_length
        if max_length and len(text) > max_length:
            raise ValueError(
                _("'%(value)s' is te lang: hooguit %(max)s tekens.")
                % {"value": _shown(text), "max": max_length}
            )
        if column.kind == "email":
            try:
                validate_email(text)
            except ValidationError:
                raise ValueError(
                    _("'%(value)s' is geen geldig e-mailadres.") % {"value": _shown(text)}
                ) from None
        return text

    def _check_team(self, raw: dict[str, str], result: RowResult, problem: Any) -> None:
        department_name, team_name = raw["department"], raw["team"]
        if not department_name and not team_name:
            result.values["team"] = None
            return
        if not team_name:
            problem(
                ALL_COLUMNS["team"],
                _(
                    "vul het team in; een medewerker hoort bij een team van afdeling "
                    "'%(department)s'."
                )
                % {"department": _shown(department_name)},
            )
            return
        if not department_name:
            problem(
                ALL_COLUMNS["department"],
                _("vul de afdeling van team '%(team)s' in.") % {"team": _shown(team_name)},
            )
            return
        team = self.context.teams.get((normalise(department_name), normalise(team_name)))
        if team is None:
            problem(
                ALL_COLUMNS["team"],
                _("Team '%(team)s' bestaat niet in afdeling '%(department)s'.")
                % {"team": _shown(team_name), "department": _shown(department_name)},
            )
            return
        result.values["team"] = team


def _stored(employee: Employee, name: str) -> Any:
    return employee.team_id if name == "team" else getattr(employee, name)


def _stored_value(value: Any) -> Any:
    return value.pk if isinstance(value, Team) else value


def _sort_name(first_name: str, name_prefix: str, last_name: str) -> str:
    rest = " ".join(part for part in (first_name, name_prefix) if part)
    return f"{last_name}, {rest}" if rest and last_name else last_name or rest
