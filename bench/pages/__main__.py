"""``make bench-pages`` (``python -m bench.pages``): build or take the cached data, count
queries at two sizes, profile, load every key page against its bare view, write the results.

Sizes: ``KOERS_BENCH_PAGES_PEOPLE`` (100,000 by default) and ``KOERS_BENCH_PAGES_SMALL``
(1,000). On SQLite each phase runs twice on a fresh copy of the cached file: once with the
statistics dropped (``sqlite_stat1`` gone: what the planner knows from the schema alone) and
once after ``ANALYZE``, because plans flip between them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.pages import data, load, report

PEOPLE = int(os.environ.get("KOERS_BENCH_PAGES_PEOPLE", "100000"))
SMALL = int(os.environ.get("KOERS_BENCH_PAGES_SMALL", "1000"))
RUN_DIR = data.CACHE_DIR / "run"
MODES = (("no-statistics", "no statistics (sqlite_stat1 dropped)"), ("analyze", "after ANALYZE"))


def statistics(path: Path, mode: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        if mode == "analyze":
            db.execute("ANALYZE")
        else:
            for table in ("sqlite_stat1", "sqlite_stat4"):
                db.execute(f"DROP TABLE IF EXISTS {table}")
        db.commit()


def in_process(env: dict[str, str], out: Path, profiles: Path | None = None) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.pages.inprocess", str(out)]
    if profiles is not None:
        command.append(str(profiles))
    subprocess.run(command, check=True, env=env, cwd=data.ROOT)  # noqa: S603
    return json.loads(out.read_text(encoding="utf-8"))


def sqlite_env(path: Path) -> dict[str, str]:
    return data.sqlite_env(path, RUN_DIR, settings="bench.settings")


def postgres_main(url: str) -> None:
    """Through ``tools/with-postgres``: a database per size in that cluster, built now (no
    cache: the cluster is thrown away), ANALYZEd as autovacuum would; one statistics mode."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    env = {**os.environ, "KOERS_DATA_DIR": str(RUN_DIR), "KOERS_DEBUG": "0"}
    started = time.perf_counter()
    urls = {}
    for size in dict.fromkeys((SMALL, PEOPLE)):
        name = f"koers_bench_{size}"
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name}")
            db.execute(f"CREATE DATABASE {name}")
        urls[size] = f"{base}/{name}"
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.pages.data", str(size)],
            check=True,
            env={**env, "DATABASE_URL": urls[size], "DJANGO_SETTINGS_MODULE": "koers.settings"},
            cwd=data.ROOT,
        )
        with psycopg.connect(urls[size], autocommit=True) as db:
            db.execute("VACUUM ANALYZE")
    build_seconds = time.perf_counter() - started
    serve = {**env, "DATABASE_URL": urls[PEOPLE], "DJANGO_SETTINGS_MODULE": "bench.settings"}
    subprocess.run(
        [sys.executable, "-m", "koers", "collectstatic", "--noinput", "-v0"],
        check=True,
        env=serve,
        cwd=data.ROOT,
    )
    profile_root = RUN_DIR / "profiles"
    figures = {
        str(size): in_process(
            {**serve, "DATABASE_URL": urls[size]},
            RUN_DIR / f"analyze-{size}.json",
            profile_root / "analyze" if size == PEOPLE else None,
        )
        for size in urls
    }
    pages, cookies = _targets(serve)
    server = load.Server(serve)
    try:
        loaded = load.load(server, pages, cookies, figures[str(PEOPLE)])
    finally:
        server.stop()
    runs = {"analyze": {"queries": figures, "load": loaded}}
    path = report.write(
        "postgresql",
        runs,
        (("analyze", "PostgreSQL, after VACUUM ANALYZE"),),
        people=PEOPLE,
        small=SMALL,
        build_seconds=build_seconds,
        profiles=profile_root,
        note=os.environ.get("KOERS_BENCH_PAGES_NOTE", ""),
    )
    print(f"bench.pages: {path}", file=sys.stderr)


def main() -> None:
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        RUN_DIR.mkdir(parents=True)
        postgres_main(url)
        return
    RUN_DIR.mkdir(parents=True)
    started = time.perf_counter()
    sources = {size: data.cached(size) for size in (SMALL, PEOPLE)}
    build_seconds = time.perf_counter() - started
    print(f"bench.pages: data ready in {build_seconds:.0f} s", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "koers", "collectstatic", "--noinput", "-v0"],
        check=True,
        env=sqlite_env(RUN_DIR / "static.sqlite3"),
        cwd=data.ROOT,
    )
    about = data.about(sources[PEOPLE])
    runs: dict[str, Any] = {}
    profile_root = RUN_DIR / "profiles"
    for mode, _label in MODES:
        print(f"bench.pages: {mode}", file=sys.stderr)
        copies = {}
        figures: dict[str, Any] = {}
        for size, source in sources.items():
            copies[size] = RUN_DIR / f"{mode}-{size}.sqlite3"
            shutil.copyfile(source, copies[size])
            statistics(copies[size], mode)
            figures[str(size)] = in_process(
                sqlite_env(copies[size]),
                RUN_DIR / f"{mode}-{size}.json",
                profile_root / mode if size == PEOPLE else None,
            )
        env = sqlite_env(copies[PEOPLE])
        pages, cookies = _targets(env)
        server = load.Server(env)
        try:
            loaded = load.load(server, pages, cookies, figures[str(PEOPLE)])
        finally:
            server.stop()
        runs[mode] = {"queries": figures, "load": loaded}
        (RUN_DIR / "runs.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")
    path = report.write(
        "sqlite",
        runs,
        MODES,
        people=PEOPLE,
        small=SMALL,
        build_seconds=build_seconds,
        profiles=profile_root,
        built=json.loads(about.read_text(encoding="utf-8")) if about.exists() else None,
    )
    print(f"bench.pages: {path}", file=sys.stderr)


def _targets(env: dict[str, str]) -> tuple[list[Any], dict[str, str]]:
    """The pages (their rows' ids) and a session per login, made in the served database."""
    out = RUN_DIR / "targets.json"
    code = (
        "import django, json, sys, dataclasses; django.setup()\n"
        "from bench.pages.targets import pages, session_cookies\n"
        "json.dump({'pages': [dataclasses.asdict(p) for p in pages()],"
        " 'cookies': session_cookies()}, open(sys.argv[1], 'w'))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env, cwd=data.ROOT)  # noqa: S603
    found = json.loads(out.read_text(encoding="utf-8"))
    from bench.pages.targets import Page

    return [Page(**p) for p in found["pages"]], found["cookies"]


if __name__ == "__main__":
    main()
