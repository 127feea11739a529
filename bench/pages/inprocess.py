"""In one process, on one database: the queries, size and time of each key page, and a
cProfile of each (``python -m bench.pages.inprocess DB OUT.json [PROFILE_DIR]``).

Run in a fresh process per database (Django is set up once, on ``DATABASE_URL``). Each page
is requested once to warm up, then once with ``CaptureQueriesContext`` (queries, bytes, status,
time); with a profile directory, once more under cProfile (top 30 by cumulative time).
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path


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
    results = {}
    for page in pages():
        figures = {}
        for side, url in (("koers", page.koers), ("bare", page.bare)):
            client = Client(HTTP_HOST="127.0.0.1")
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page.login]
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                seconds = time.perf_counter() - started
            figures[side] = {
                "status": response.status_code,
                "queries": len(queries),
                "bytes": len(response.content),
                "seconds": seconds,
                "sql": [q["sql"][:300] for q in queries.captured_queries]
                if side == "koers"
                else [],
            }
            if profile_dir is not None and side == "koers":
                profile_dir.mkdir(parents=True, exist_ok=True)
                profiler = cProfile.Profile()
                started = time.perf_counter()
                profiler.enable()
                client.get(url)
                profiler.disable()
                seconds = time.perf_counter() - started
                text = io.StringIO()
                stats = pstats.Stats(profiler, stream=text)
                stats.sort_stats("cumulative").print_stats(30)
                (profile_dir / f"{slug(page)}.txt").write_text(
                    f"# {page.name}: GET {page.koers} as {page.login}, in-process, "
                    f"{seconds * 1000:.0f} ms under cProfile, {len(queries)} queries\n"
                    f"# database: {connection.settings_dict['NAME']}\n\n{text.getvalue()}",
                    encoding="utf-8",
                )
        results[page.name] = figures
        print(
            f"  {page.name}: koers {figures['koers']['status']} "
            f"{figures['koers']['queries']} q {figures['koers']['seconds'] * 1000:.0f} ms, "
            f"bare {figures['bare']['status']} {figures['bare']['queries']} q "
            f"{figures['bare']['seconds'] * 1000:.1f} ms",
            file=sys.stderr,
        )
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
