"""Benchmarks with recorded results (``make bench`` → ``python -m bench``); not part of pytest.

Each benchmark module has ``main() -> Path`` that sets Django up against a throwaway
database, measures, and writes a Markdown file to ``bench/results/``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def setup_django() -> Path:
    """Point Koers at a new SQLite database in a temporary directory, migrate, return the dir.

    Called once per process, before anything from Koers' models is imported."""
    import django
    from django.core.management import call_command

    data_dir = Path(tempfile.mkdtemp(prefix="koers-bench-"))
    os.environ["KOERS_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "koers.settings"
    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return data_dir
