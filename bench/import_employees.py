"""Employee import of 10,000 rows (the acceptance figure of the import issue).

Times the two steps a person waits for: the dry run (read the CSV, check every row, store the
report) and applying it (one transaction). Then the same file again with one changed column,
so that every row is an update. Writes bench/results/import_10000.md.
"""

from __future__ import annotations

import datetime
import os
import platform
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bench import RESULTS_DIR

if TYPE_CHECKING:
    from koers.organisations.models import EmployeeImport, Organisation

T = TypeVar("T")

ROWS = 10_000


def _csv(rows: list[list[str]], header: list[str]) -> bytes:
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def build_file(organisation: Organisation, function: str = "Medewerker", seed: int = 1) -> bytes:
    """ROWS people spread over the demo teams, in the export's columns; another seed changes
    nearly every cell of the same personnel numbers."""
    from koers.organisations import demo, importing
    from koers.organisations.models import ContractType, EducationLevel, Team

    rng = random.Random(seed)
    teams = list(Team.objects.filter(organisation=organisation).select_related("department"))
    header = [c.header for c in importing.columns_for(organisation)]
    rows = []
    for index in range(ROWS):
        team = teams[(index + seed) % len(teams)]
        first = rng.choice(demo.FIRST_NAMES)
        prefix, last = rng.choice(demo.LAST_NAMES)
        postcode, city = rng.choice(demo.CITIES)
        values = {
            "personeelsnummer": f"B{index:05d}",
            "voornaam": first,
            "tussenvoegsel": prefix,
            "achternaam": last,
            "voorletters": f"{first[0]}.",
            "e-mailadres": f"b{index:05d}@bench.koers.test" if index % 4 else "",
            "afdeling": team.department.name,
            "team": team.name,
            "functie": function,
            "uren per week": rng.choice(["16", "24", "32", "32,5", "36", "38"]),
            "in dienst sinds": f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-"
            f"{rng.randint(1990, 2025)}",
            "uit dienst per": "",
            "soort contract": str(rng.choice(ContractType.labels)),
            "opleidingsniveau": str(rng.choice(EducationLevel.labels)),
            "straat en huisnummer": f"{rng.choice(demo.STREETS)} {rng.randint(1, 180)}",
            "postcode": f"{postcode} AB",
            "plaats": city,
        }
        rows.append([values[h] for h in header])
    return _csv(rows, header)


def _timed(step: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def _import(organisation: Organisation, actor: Any, content: bytes) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from koers.organisations import importing
    from koers.organisations.actions import transfers

    def dry_run() -> EmployeeImport:
        # What the upload request does: read, match columns, check, store the report.
        sheet = importing.read_file("bench.csv", content)
        columns = importing.match_columns(sheet.headers, organisation)
        rows = importing.sheet_rows(sheet, columns)
        fields = [c.field for c in columns if c is not None]
        return transfers.check_import(actor, organisation, "bench.csv", fields, rows)

    employee_import, check_seconds = _timed(dry_run)
    assert employee_import.error_count == 0, employee_import.file_errors or employee_import.report
    with CaptureQueriesContext(connection) as queries:
        applied, apply_seconds = _timed(lambda: transfers.apply_import(actor, employee_import))
    assert applied.status == applied.Status.APPLIED
    return {
        "check": check_seconds,
        "apply": apply_seconds,
        "queries": len(queries),
        "created": applied.created_count,
        "updated": applied.updated_count,
    }


def main() -> Path:
    from koers.organisations.actors import actor_for
    from koers.organisations.demo import build_demo
    from koers.organisations.models import Employee

    organisation = build_demo(password="koers-bench")
    actor = actor_for(Employee.objects.get(organisation=organisation, personnel_number="D-hr"))
    first = _import(organisation, actor, build_file(organisation))
    second = _import(organisation, actor, build_file(organisation, "Vakkracht", seed=2))
    assert Employee.objects.filter(organisation=organisation, function="Vakkracht").count() == ROWS
    return write_result(first, second)


def write_result(first: dict[str, Any], second: dict[str, Any]) -> Path:
    def line(label: str, run: dict[str, Any]) -> str:
        total = run["check"] + run["apply"]
        return (
            f"| {label} | {run['check']:.2f} s | {run['apply']:.2f} s | {run['queries']} | "
            f"{total:.2f} s | {ROWS / total:.0f} |"
        )

    path = RESULTS_DIR / f"import_{ROWS}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n".join(
            [
                f"# Employee import of {ROWS} rows",
                "",
                f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
                f"- machine: {os.cpu_count()} CPU (nproc {len(os.sched_getaffinity(0))}), "
                f"{platform.machine()}, {platform.system()} {platform.release()}",
                f"- python: {platform.python_version()}",
                f"- database: SQLite {sqlite3.sqlite_version} (temporary file)",
                "- file: CSV with `;`, 17 columns (the demo organisation keeps the address)",
                "- command: `make bench` (`python -m bench`)",
                "",
                "Dry run = read the file, check every row against the database, store the report"
                " (what the upload request does). Apply = re-check and write, one transaction"
                ' (what "Importeren bevestigen" does); queries counted during apply. SQLite'
                " allows 999 parameters a statement, so inserts go in batches of about 35 rows;"
                " updates are one prepared statement run for every row (executemany).",
                "",
                "| run | dry run | apply | apply queries | total | rows/s |",
                "|---|---|---|---|---|---|",
                line(f"{first['created']} new", first),
                line(f"{second['updated']} updates (nearly every cell changed)", second),
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path
