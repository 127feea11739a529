"""Serve Koers and the bare views with one gunicorn and load each page with wrk, interleaved.

gunicorn as ``make serve`` runs it (2 sync workers, no access log, ``KOERS_DEBUG=0``,
``bench.settings``: the shipped settings plus ``/bare/``), on a free loopback port. For each
page: Koers, bare, Koers, bare … (``REPETITIONS`` times each), ``wrk -t2 -c4 --latency`` for
``SECONDS`` each, with the login's session cookie; ``wrk.lua`` prints the figures with p95.
A page that took over ``SLOW`` seconds in-process is timed with two single requests; one
that was interrupted in-process is not loaded (it would hold the workers for minutes).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.pages.targets import Page

HERE = Path(__file__).resolve().parent
SECONDS = int(os.environ.get("KOERS_BENCH_PAGES_SECONDS", "10"))
REPETITIONS = int(os.environ.get("KOERS_BENCH_PAGES_REPETITIONS", "2"))
CONNECTIONS = 4
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn serving ``bench.settings`` with the given environment."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn)
            [
                str(gunicorn),
                "koers.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--timeout",
                "300",  # a page of many seconds finishes rather than killing its worker
                "--no-control-socket",
            ],
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings", "KOERS_DEBUG": "0"},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=5).read()  # noqa: S310
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(url: str, cookie: str, timeout: float = 600) -> tuple[int, float, int]:
    """One request: status, seconds, bytes (a redirect is returned, not followed)."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read()
            return response.status, time.perf_counter() - started, len(body)
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, 0


def wrk(url: str, cookie: str, seconds: int = SECONDS) -> dict[str, Any]:
    """req/s, p50, p95 (ms) of ``url`` under wrk; single requests when wrk finished none."""
    output = subprocess.run(  # noqa: S603
        [  # noqa: S607 (Debian's wrk on the PATH)
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "120s",
            "--latency",
            "-s",
            str(HERE / "wrk.lua"),
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    requests, duration, p50, p95, p99, bad_status, timeouts, size = (
        float(v) for v in line.split()[1:]
    )
    if requests == 0:
        return single(url, cookie)
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "requests": int(requests),
        "errors": int(bad_status + timeouts),
        "bytes": int(size / requests),
        "how": "wrk",
    }


def single(url: str, cookie: str, count: int = 2) -> dict[str, Any]:
    """Too slow for wrk: ``count`` requests one after the other."""
    times = []
    errors = 0
    size = 0
    for _ in range(count):
        status, seconds, size = fetch(url, cookie)
        errors += status != 200
        times.append(seconds)
    times.sort()
    return {
        "rps": count / sum(times),
        "p50": statistics.median(times) * 1000,
        "p95": times[-1] * 1000,
        "p99": times[-1] * 1000,
        "requests": count,
        "errors": errors,
        "bytes": size,
        "how": f"{count} single requests",
    }


# A Koers page slower than this in-process is timed with single requests: under wrk its
# requests would queue behind each other and keep the workers busy after the run.
SLOW = 2.0


def interrupted(limit: float) -> dict[str, Any]:
    return {
        "rps": 0.0,
        "p50": limit * 1000,
        "p95": limit * 1000,
        "p99": limit * 1000,
        "requests": 0,
        "errors": 0,
        "bytes": 0,
        "how": f"interrupted in-process after {limit:.0f} s: not loaded",
    }


def load(
    server: Server, pages: list[Page], cookies: dict[str, str], in_process: dict[str, Any]
) -> dict[str, Any]:
    """Each page and its bare view, interleaved: Koers, bare, Koers, bare … ``in_process``:
    the page's figures in one process at this size (interrupted or slow pages: see above)."""
    results: dict[str, Any] = {}
    for page in pages:
        cookie = f"sessionid={cookies[page.login]}"
        runs: dict[str, list[dict[str, Any]]] = {"koers": [], "bare": []}
        alone = in_process[page.name]["koers"]
        stopped = alone["status"] == "interrupted"
        for path in (page.bare,) if stopped else (page.koers, page.bare):
            status, _seconds, _size = fetch(server.base + path, cookie)
            if status != 200:
                raise RuntimeError(f"{page.name}: {path} answered {status}")
        for _ in range(REPETITIONS):
            if stopped:
                runs["koers"].append(interrupted(alone["seconds"]))
            elif alone["seconds"] > SLOW:
                runs["koers"].append(single(server.base + page.koers, cookie))
            else:
                runs["koers"].append(wrk(server.base + page.koers, cookie))
            runs["bare"].append(wrk(server.base + page.bare, cookie))
        results[page.name] = {side: summary(rows) for side, rows in runs.items()}
        koers, bare = results[page.name]["koers"], results[page.name]["bare"]
        print(
            f"  {page.name}: koers {koers['rps']:.1f} req/s p95 {koers['p95']:.0f} ms, "
            f"bare {bare['rps']:.1f} req/s p95 {bare['p95']:.0f} ms",
            file=sys.stderr,
        )
    return results


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The mean over the repetitions; each run kept."""
    return {
        "rps": statistics.mean(r["rps"] for r in runs),
        "p50": statistics.mean(r["p50"] for r in runs),
        "p95": statistics.mean(r["p95"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "bytes": runs[-1]["bytes"],
        "how": runs[-1]["how"],
        "runs": runs,
    }
