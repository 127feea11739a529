"""Printing a department's POPs (issue 18 item 5): 1,000 signed POPs as one ZIP of PDFs in at
most 60 s on two cores, and one POP's PDF within 1.2× of raw WeasyPrint on the same HTML.

Takes the page benchmark's cached data of ``KOERS_BENCH_PRINT_PEOPLE`` people (1,000 by
default: one department of 1,000, each with a signed POP; ``bench/pages/data.py``), a fresh
copy of it, and in a child process set up on that copy:

- raw WeasyPrint: ``HTML(string=...).write_pdf()`` on the HTML of ``SAMPLE`` POPs, one by one,
  as a bare script would (nothing shared);
- Koers's own download of those POPs (``GET /plans/<pk>/pdf`` as HR, in-process): the query,
  the verification, the audit event and the same HTML and PDF;
- ``koers.plans.printing.print_department`` for the whole department, in one process and in
  one per core.

Writes bench/results/department_print.md (``make bench``; or ``python -m bench.department_print``).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import RESULTS_DIR

PEOPLE = int(os.environ.get("KOERS_BENCH_PRINT_PEOPLE", "1000"))
SAMPLE = 20
TARGET_SECONDS = 60.0
TARGET_RATIO = 1.2


def measure(out: Path) -> None:
    """In the child process, on the copy: every figure, as JSON into ``out``."""
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.template.loader import render_to_string
    from django.test import Client
    from django.utils import timezone
    from weasyprint import HTML

    from bench.pages.data import LOGINS
    from bench.pages.targets import session_cookies
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Department, Employee
    from koers.plans import document as plan_document
    from koers.plans.printing import department_plans, print_department
    from koers.plans.signed import PlanDocument
    from koers.signing.sealing import check_version

    hr = actor_for(Employee.objects.get(user__username=LOGINS.hr))
    department = (
        Department.objects.filter(organisation_id=hr.organisation_id)
        .annotate(people=Count("teams__members"))
        .order_by("-people", "pk")
        .first()
    )
    plans = list(department_plans(hr, department, timezone.localdate()))
    sample = plans[:SAMPLE]
    htmls = []
    for plan in sample:
        version = PlanDocument(plan).current_signed()
        context = plan_document.pdf_context(
            version.snapshot,
            version,
            check_version(hr, version),
            is_concept=False,
            number=version.number,
        )
        htmls.append(render_to_string(plan_document.TEMPLATE, context))
    HTML(string=htmls[0]).write_pdf()  # WeasyPrint imported and warm in both
    started = time.perf_counter()
    for html in htmls:
        HTML(string=html, base_url="http://localhost/").write_pdf()
    raw = (time.perf_counter() - started) / len(htmls)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookies()[LOGINS.hr]
    assert client.get(f"/plans/{sample[0].pk}/pdf").status_code == 200
    started = time.perf_counter()
    for plan in sample:
        response = client.get(f"/plans/{plan.pk}/pdf")
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    koers = (time.perf_counter() - started) / len(sample)
    runs = {}
    for workers in dict.fromkeys((1, os.cpu_count() or 1)):
        with tempfile.TemporaryFile() as archive:
            result = print_department(hr, department, archive, workers=workers)
            size = archive.tell()
        runs[str(workers)] = {
            "count": result.count,
            "unsigned": len(result.unsigned),
            "seconds": result.seconds,
            "bytes": size,
        }
    out.write_text(
        json.dumps(
            {
                "department_people": department.people,
                "plans": len(plans),
                "raw_ms": raw * 1000,
                "koers_ms": koers * 1000,
                "runs": runs,
            }
        ),
        encoding="utf-8",
    )


def main() -> Path:
    from bench.pages import data

    source = data.cached(PEOPLE)
    work = Path(tempfile.mkdtemp(prefix="koers-bench-print-"))
    try:
        copy = work / "print.sqlite3"
        shutil.copyfile(source, copy)
        env = data.sqlite_env(copy, work, settings="bench.settings")
        out = work / "figures.json"
        subprocess.run(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "bench.department_print", "measure", str(out)],
            check=True,
            env=env,
            cwd=data.ROOT,
        )
        figures = json.loads(out.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _write(figures)


def _write(figures: dict[str, Any]) -> Path:
    ratio = figures["koers_ms"] / figures["raw_ms"]
    cores = os.cpu_count() or 1
    lines = [
        f"# Printing a department's POPs: {figures['plans']:,} signed POPs",
        "",
        "Reproduce: `make bench` (or `python -m bench.department_print`;"
        f" `KOERS_BENCH_PRINT_PEOPLE`, {PEOPLE:,} here).",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {cores} cores, {platform.platform()}, Python {platform.python_version()},"
        " shared with other work while it ran",
        f"- data: the page benchmark's organisation of {PEOPLE:,} people"
        f" (bench/pages/data.py); the largest department, {figures['department_people']:,}"
        " people, each with a POP of two points and three activities, signed by both",
        "",
        "## One POP",
        "",
        "| | ms per POP |",
        "|---|---|",
        f"| raw WeasyPrint on the same HTML (nothing shared) | {figures['raw_ms']:.0f} |",
        "| Koers's download, `GET /plans/<pk>/pdf` as HR, in-process |"
        f" {figures['koers_ms']:.0f} |",
        f"| ratio (target ≤ {TARGET_RATIO}) | {ratio:.2f}"
        f" {'PASS' if ratio <= TARGET_RATIO else 'FAIL'} |",
        "",
        "## The whole department as one ZIP (`koers.plans.printing.print_department`)",
        "",
        "| worker processes | POPs | seconds | POPs per second | ZIP MB | result |",
        "|---|---|---|---|---|---|",
    ]
    for workers, run in figures["runs"].items():
        verdict = "PASS" if run["seconds"] <= TARGET_SECONDS else "FAIL"
        if int(workers) != cores:
            verdict = "(one process, for comparison)"
        lines.append(
            f"| {workers} | {run['count']:,} | {run['seconds']:.1f} |"
            f" {run['count'] / run['seconds']:.1f} | {run['bytes'] / 1e6:.1f} | {verdict} |"
        )
    lines += [
        "",
        f"Target (issue 18): 1,000 POPs in ≤ {TARGET_SECONDS:.0f} s on these {cores} cores."
        " The HTML of every POP is rendered in the parent process (one query set for all);"
        " WeasyPrint runs in one forked process per core, each with one font configuration"
        " for all its documents.",
        "",
    ]
    path = RESULTS_DIR / "department_print.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "measure":
        measure(Path(sys.argv[2]))
    else:
        print(main())
