"""The page benchmark's results: ``bench/results/pages_<database>.md``, the SVG of the ratios
(``pages_<database>.svg``, drawn here: no plotting library) and the profiles per page."""

from __future__ import annotations

import datetime
import math
import os
import platform
import sqlite3
import subprocess
from html import escape
from pathlib import Path
from typing import Any

from bench import RESULTS_DIR
from bench.pages import load

# Issue 18's targets.
MIN_THROUGHPUT = 0.5
MAX_P95 = 2.0


def verdict(page: dict[str, Any], small: dict[str, Any], full: dict[str, Any]) -> list[str]:
    """What fails of the targets ([] is a pass)."""
    koers, bare = page["koers"], page["bare"]
    failed = []
    if koers["rps"] < MIN_THROUGHPUT * bare["rps"]:
        failed.append("throughput")
    if koers["p95"] > MAX_P95 * bare["p95"]:
        failed.append("p95")
    if None in (small["koers"]["queries"], full["koers"]["queries"]):
        failed.append("queries unknown (interrupted)")
    elif small["koers"]["queries"] != full["koers"]["queries"]:
        failed.append("queries grow")
    if koers["errors"]:
        failed.append(f"{koers['errors']} errors")
    return failed


def _machine(database: str) -> list[str]:
    cpu = ""
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    gunicorn = subprocess.run(  # noqa: S603
        [str(Path(os.sys.executable).parent / "gunicorn"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    wrk = subprocess.run(
        ["wrk", "--version"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    lines = [
        f"- machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        "shared with other work while it ran (the interleaving is what keeps the ratios fair)",
        f"- Python {platform.python_version()}, {gunicorn or 'gunicorn'} ({load.WORKERS} sync "
        f"workers, as `make serve`), {wrk[0] if wrk else 'wrk'}",
    ]
    if database == "sqlite":
        lines.append(f"- SQLite {sqlite3.sqlite_version} (a copy of the cached file per run)")
    else:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"]) as db:
            version = db.execute("SHOW server_version").fetchone()[0]
        lines.append(
            f"- PostgreSQL {version} (tools/with-postgres: fsync off), `KOERS_DB_CONN_MAX_AGE` "
            "as shipped (60 s on PostgreSQL)"
        )
    return lines


def write(
    database: str,
    runs: dict[str, Any],
    modes: tuple[tuple[str, str], ...],
    *,
    people: int,
    small: int,
    build_seconds: float,
    profiles: Path,
    built: dict[str, Any] | None = None,
    note: str = "",
) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"pages_{database}.md"
    svg = RESULTS_DIR / f"pages_{database}.svg"
    folder = "profiles" if database == "sqlite" else f"profiles_{database}"
    command = (
        "make bench-pages"
        if database == "sqlite"
        else ("KOERS_PG_PORT=54343 tools/with-postgres make bench-pages")
    )
    lines = [
        f"# Key pages against their bare views: {database}, {people:,} employees",
        "",
        "Reproduce:",
        "",
        "```bash",
        f"{command}    # KOERS_BENCH_PAGES_PEOPLE={people} KOERS_BENCH_PAGES_SMALL={small}",
        "```",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {_commit()}",
        *_machine(database),
        f"- data (`bench/pages/data.py`): one organisation, {_rows(built)}; "
        f"ready in {build_seconds:.0f} s this run"
        + (" (from the cache in var/bench/)" if build_seconds < 30 else "")
        + (
            f"; building it took {built['seconds'] / 60:.0f} min "
            f"({built['cpu_seconds'] / 60:.0f} min of CPU, one process) on {built['built']}"
            if built
            else ""
        ),
        f"- load: wrk -t2 -c{load.CONNECTIONS} -d{load.SECONDS}s --latency, each Koers page "
        f"and its bare view interleaved (Koers, bare, Koers, bare: {load.REPETITIONS} "
        "repetitions each; figures are their mean; n: requests measured), the same gunicorn, "
        "the same session "
        "cookie, `KOERS_DEBUG=0`; p95 from wrk's `latency:percentile(95)` (bench/pages/wrk.lua)",
        f"- queries: in-process with Django's test client and `CaptureQueriesContext`, at "
        f"{small:,} and at {people:,} people (the second request of each page; session, "
        "user and actor included)",
        "- bare view (`bench/bare.py`): the same rows with the page's minimal SQL, a plain "
        "table, no layout; behind the same middleware, session and login",
        f"- targets (issue 18): throughput ≥ {MIN_THROUGHPUT}× bare, p95 ≤ {MAX_P95}× bare, "
        f"the same number of queries at {small:,} and {people:,} people",
        f"- plot: [{svg.name}]({svg.name}); profiles: [{folder}/]({folder}/) (cProfile, top 30 "
        "by cumulative time, each Koers page in-process at full size)",
    ]
    findings = RESULTS_DIR / f"pages_{database}_findings.md"
    if findings.exists():
        lines.append(
            f"- what the figures show, page by page, and the commands that show it: "
            f"[{findings.name}]({findings.name}) (written by hand after a run)"
        )
    if note:
        lines += ["", note]
    for mode, label in modes:
        run = runs[mode]
        lines += [
            "",
            f"## {label}",
            "",
            "| page | Koers req/s | p50 ms | p95 ms | bare req/s | p50 ms | p95 ms "
            "| throughput ratio | p95 ratio | queries "
            f"{_short(small)} | queries {_short(people)} | in-process ms | page KB | result |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, page in run["load"].items():
            q_small = run["queries"][str(small)][name]
            q_full = run["queries"][str(people)][name]
            koers, bare = page["koers"], page["bare"]
            failed = verdict(page, q_small, q_full)
            slow = "" if koers["how"] == "wrk" else f"; {koers['how']}"
            lines.append(
                f"| {name} | {koers['rps']:.1f} (n={_n(koers)}{slow}) | {koers['p50']:.0f} "
                f"| {koers['p95']:.0f} "
                f"| {bare['rps']:.1f} (n={_n(bare)}) | {bare['p50']:.0f} | {bare['p95']:.0f} "
                f"| {koers['rps'] / bare['rps']:.2f} | {koers['p95'] / bare['p95']:.1f} "
                f"| {_count(q_small['koers'])} (bare {_count(q_small['bare'])}) "
                f"| {_count(q_full['koers'])} (bare {_count(q_full['bare'])}) "
                f"| {q_full['koers']['seconds'] * 1000:.0f} (bare "
                f"{q_full['bare']['seconds'] * 1000:.0f}) "
                f"| {q_full['koers']['bytes'] / 1000:.0f} "
                f"| {'PASS' if not failed else 'FAIL: ' + ', '.join(failed)} |"
            )
    lines += _slowest(runs, modes, people)
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    svg.write_text(plot(runs, modes, people, database), encoding="utf-8")
    _profiles(runs, modes, profiles, database)
    return path


def _rows(built: dict[str, Any] | None) -> str:
    if not built:
        return "teams of 20 led by their first member"
    rows = built["rows"]
    return (
        f"{rows['people']:,} people in {rows['teams']:,} teams of 20 (each led by its first "
        f"member) and {rows['departments']} departments, {rows['talks']:,} talks "
        f"({rows['reports']:,} with a report), {rows['plans']:,} POPs with sealed, signed "
        f"versions, {rows['activities']:,} activities, {rows['cards']:,} cards with "
        f"{rows['card_items']:,} items, notices"
    )


def main() -> None:
    """``python -m bench.pages.report [RUNS.json]``: write the results again from a run's
    figures (by default the last run's, var/bench/run/runs.json), e.g. after changing this
    module. The date and commit written are those of now."""
    import json
    import sys

    from bench.pages import __main__ as bench_pages
    from bench.pages import data

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else bench_pages.RUN_DIR / "runs.json"
    runs = json.loads(source.read_text(encoding="utf-8"))
    database = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else ("sqlite")
    )
    cached = data.CACHE_DIR / f"pages-{bench_pages.PEOPLE}-{data.cache_key(bench_pages.PEOPLE)}"
    about = data.about(cached.with_suffix(".sqlite3"))
    path = write(
        database,
        runs,
        tuple(m for m in bench_pages.MODES if m[0] in runs),
        people=bench_pages.PEOPLE,
        small=bench_pages.SMALL,
        build_seconds=0,
        profiles=bench_pages.RUN_DIR / "profiles",
        built=json.loads(about.read_text(encoding="utf-8")) if about.exists() else None,
    )
    print(path)


def _slowest(runs: dict[str, Any], modes: tuple[tuple[str, str], ...], people: int) -> list[str]:
    """The slowest query of each Koers page at full size (when the run recorded times)."""
    lines = ["", f"## The slowest query of each Koers page at {people:,} people", ""]
    lines += [
        "| statistics | page | ms | of the page's ms | query (start) |",
        "|---|---|---|---|---|",
    ]
    found = False
    for mode, label in modes:
        for name, figures in runs[mode]["queries"][str(people)].items():
            timed = [q for q in figures["koers"]["sql"] if isinstance(q, list | tuple)]
            if not timed:
                continue
            found = True
            ms, sql = max(timed)
            start = sql.find(" FROM ")
            text = (sql[start:] if start >= 0 else sql)[:200].replace("|", "\\|")
            lines.append(
                f"| {label} | {name} | {ms:.0f} | {figures['koers']['seconds'] * 1000:.0f} "
                f"| `{text}` |"
            )
    return lines if found else []


def _n(side: dict[str, Any]) -> int:
    """How many requests the figures rest on (all repetitions)."""
    return sum(run["requests"] for run in side["runs"])


def _count(figures: dict[str, Any]) -> str:
    if figures["queries"] is None:
        return f"— (interrupted after {figures['seconds']:.0f} s)"
    return str(figures["queries"])


def _short(people: int) -> str:
    return f"{people // 1000}k" if people >= 1000 else str(people)


def _commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def _profiles(
    runs: dict[str, Any], modes: tuple[tuple[str, str], ...], root: Path, database: str
) -> None:
    """One file per page, the profile of each statistics mode one after the other."""
    target = RESULTS_DIR / ("profiles" if database == "sqlite" else f"profiles_{database}")
    target.mkdir(parents=True, exist_ok=True)
    names = sorted({p.name for mode, _ in modes for p in (root / mode).glob("*.txt")})
    for name in names:
        parts = []
        for mode, label in modes:
            source = root / mode / name
            if source.exists():
                parts.append(f"## {label}\n\n{source.read_text(encoding='utf-8')}")
        (target / name).write_text("\n\n".join(parts), encoding="utf-8")


def plot(runs: dict[str, Any], modes: tuple[tuple[str, str], ...], people: int, db: str) -> str:
    """Two panels of horizontal bars on a log scale: throughput ratio (target ≥ 0.5) and p95
    ratio (target ≤ 2), one bar per statistics mode."""
    names = list(next(iter(runs.values()))["load"])
    colours = ("#1b6ca8", "#e07b00")
    row, left, width, top = 34, 170, 330, 60
    height = top + row * len(names) + 60
    panels = (
        ("throughput Koers / bare (≥ 0.5)", "rps", 0.001, 10.0, MIN_THROUGHPUT, False),
        ("p95 Koers / bare (≤ 2)", "p95", 0.1, 10000.0, MAX_P95, True),
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + 2 * (width + 40)}" '
        f'height="{height}" font-family="sans-serif" font-size="12">',
        f'<text x="10" y="20" font-size="15">Key pages against their bare views, {escape(db)}, '
        f"{people:,} employees</text>",
    ]
    for m, (_mode, label) in enumerate(modes):
        parts.append(
            f'<rect x="{10 + m * 260}" y="32" width="12" height="12" fill="{colours[m]}"/>'
            f'<text x="{26 + m * 260}" y="43">{escape(label)}</text>'
        )
    for p, (title, key, low, high, target, inverse) in enumerate(panels):
        x0 = left + p * (width + 40)

        def scale(value: float, x0: int = x0, low: float = low, high: float = high) -> float:
            value = min(max(value, low), high)
            return x0 + width * (math.log10(value) - math.log10(low)) / (
                math.log10(high) - math.log10(low)
            )

        parts.append(f'<text x="{x0}" y="{top - 6}">{escape(title)}</text>')
        decade = low
        while decade <= high * 1.0001:
            x = scale(decade)
            parts.append(
                f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 50}" stroke="#ddd"/>'
                f'<text x="{x:.1f}" y="{height - 36}" text-anchor="middle">{decade:g}</text>'
            )
            decade *= 10
        x = scale(target)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 50}" stroke="#c00" '
            'stroke-dasharray="4 3"/>'
        )
        for i, name in enumerate(names):
            y = top + i * row
            if p == 0:
                parts.append(f'<text x="10" y="{y + 20}">{escape(name)}</text>')
            for m, (mode, _label) in enumerate(modes):
                page = runs[mode]["load"][name]
                ratio = max(page["koers"][key] / page["bare"][key], low)
                fine = ratio <= target if inverse else ratio >= target
                end = scale(ratio)
                parts.append(
                    f'<rect x="{x0}" y="{y + 4 + m * 13}" width="{max(end - x0, 1):.1f}" '
                    f'height="12" fill="{colours[m]}" opacity="{1 if fine else 0.6}"/>'
                    f'<text x="{end + 3:.1f}" y="{y + 14 + m * 13}" font-size="10">'
                    f"{ratio:.3g}</text>"
                )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    main()
