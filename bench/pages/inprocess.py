"""In one process, on one database: the queries, size and time of each key page, and a
cProfile of each (``python -m bench.pages.inprocess DB OUT.json [PROFILE_DIR]``).

Run in a fresh process per database (Django is set up once, on ``DATABASE_URL``). Each page
is requested once to warm up, then once with ``CaptureQueriesContext`` (queries, bytes, status,
time); with a profile directory, once more under cProfile (top 30 by cumulative time). A
request that runs longer than ``LIMIT`` seconds is interrupted (SQLite's ``interrupt``, from
a timer thread) and recorded as such: some plans take hours at full size.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

LIMIT = float(os.environ.get("KOERS_BENCH_PAGES_LIMIT", "30"))
# Slower than this (seconds), a page is not requested a third time for its profile.
SLOW = 2.0


class Interrupted(Exception):
    pass


@contextmanager
def interrupt_after(seconds: float) -> Iterator[threading.Event]:
    """Stop the running SQLite statement after ``seconds`` (PostgreSQL: no limit here)."""
    from django.db import connections

    fired = threading.Event()
    wrapper = connections["default"]  # this thread's; the timer thread would get its own

    def stop() -> None:
        raw = wrapper.connection  # the request's thread's connection, read from the timer's
        if wrapper.vendor == "sqlite" and raw is not None:
            fired.set()
            raw.interrupt()

    timer = threading.Timer(seconds, stop)
    timer.start()
    try:
        yield fired
    except Exception as error:
        if fired.is_set():
            raise Interrupted from error
        raise
    finally:
        timer.cancel()


def shortened(sql: str) -> str:
    """The start of the column list and of what follows it (FROM, WHERE): what a query reads."""
    start = sql.find(" FROM ")
    if start < 0 or len(sql) <= 520:
        return sql[:520]
    return f"{sql[:120]} …{sql[start : start + 400]}"


def without_machine_paths(text: str) -> str:
    """Paths relative to the checkout and the Python installation: no paths of this machine
    in the kept profiles."""
    root = str(Path(__file__).resolve().parents[2])
    for prefix in sorted({sys.prefix, sys.base_prefix, sys.exec_prefix}, key=len, reverse=True):
        text = text.replace(prefix + os.sep, "")
    return text.replace(root + os.sep, "").replace(root, ".")


def get(client: Any, url: str) -> Any:
    """The response; ``Interrupted`` when it took too long (Koers answers that with its 503
    page: the database is away, as far as it can tell)."""
    with interrupt_after(LIMIT) as fired:
        response = client.get(url)
    if fired.is_set():
        raise Interrupted
    return response


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages.targets import pages, session_cookies, slug

    out = Path(sys.argv[1])
    profile_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    sessions = session_cookies()
    # Import every URL module and view once, before any page is timed or profiled.
    Client(HTTP_HOST="127.0.0.1").get("/accounts/login/")
    results = {}
    for page in pages():
        figures = {}
        for side, url in (("koers", page.koers), ("bare", page.bare)):
            client = Client(HTTP_HOST="127.0.0.1")
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page.login]
            profiled = profile_dir is not None and side == "koers"
            # The first request warms up; a Koers page's is profiled too, and that profile is
            # kept when the page is slow (then no third request of many seconds).
            profiler = cProfile.Profile()
            started = time.perf_counter()
            note = ""
            if profiled:
                profiler.enable()
            try:
                get(client, url)
            except Interrupted:
                note = f" (interrupted after {LIMIT:.0f} s)"
            finally:
                profiler.disable()
            first = time.perf_counter() - started
            if note:
                figures[side] = {"status": "interrupted", "queries": None, "bytes": 0}
                figures[side] |= {"seconds": LIMIT, "sql": []}
            else:
                try:
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = get(client, url)
                        seconds = time.perf_counter() - started
                except Interrupted:
                    figures[side] = {"status": "interrupted", "queries": None, "bytes": 0}
                    figures[side] |= {"seconds": LIMIT, "sql": []}
                else:
                    figures[side] = {
                        "status": response.status_code,
                        "queries": len(queries),
                        "bytes": len(response.content),
                        "seconds": seconds,
                        # (ms, SQL) of each query, for the slowest-query table of the report
                        "sql": [
                            (float(q["time"]) * 1000, shortened(q["sql"]))
                            for q in queries.captured_queries
                        ],
                    }
            if not profiled:
                continue
            label = "first request (warm-up)"
            if not note and figures[side]["seconds"] < SLOW:
                profiler = cProfile.Profile()
                started = time.perf_counter()
                profiler.enable()
                try:
                    get(client, url)
                except Interrupted:
                    note = f" (interrupted after {LIMIT:.0f} s)"
                finally:
                    profiler.disable()
                first = time.perf_counter() - started
                label = "third request"
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
            profile_dir.mkdir(parents=True, exist_ok=True)
            (profile_dir / f"{slug(page)}.txt").write_text(
                without_machine_paths(
                    f"# {page.name}: GET {page.koers} as {page.login}, in-process, {label}: "
                    f"{first * 1000:.0f} ms under cProfile{note}; "
                    f"{figures[side]['queries']} queries\n"
                    f"# database: {Path(connection.settings_dict['NAME']).name}\n\n"
                    f"{text.getvalue()}"
                ),
                encoding="utf-8",
            )
        results[page.name] = figures
        print(
            f"  {page.name}: "
            + ", ".join(
                f"{side} {f['status']} {f['queries']} q {f['seconds'] * 1000:.0f} ms"
                for side, f in figures.items()
            ),
            file=sys.stderr,
            flush=True,
        )
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
