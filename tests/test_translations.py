"""Dutch is the source language (the msgids); English is the translation. These tests keep the
English catalogue complete: every string in the code is in it, translated, and compiled."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "koers" / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def require_gettext() -> None:
    """GNU gettext (``msgfmt``): when it is missing the test fails, it does not skip (a skip
    would leave the catalogue unchecked)."""
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt not found: install gettext: make test does", pytrace=False)


def _msgids(po: Path) -> set[str]:
    ids, current, in_id = set(), [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, in_id = [line[6:]], True
        elif in_id and line.startswith('"'):
            current.append(line)
        else:
            if in_id and current != ['""']:
                ids.add("".join(current))
            in_id = False
    return ids


def test_english_catalogue_is_fully_translated():
    require_gettext()
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_compiled_catalogue_is_up_to_date(tmp_path):
    require_gettext()
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(PO)], check=True)
    assert MO.read_bytes() == fresh.read_bytes(), "run `make messages`"


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    require_gettext()
    copy = tmp_path / "koers"
    shutil.copytree(ROOT / "koers", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "locale").mkdir(exist_ok=True)  # makemessages must write here, not in the repo
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--ignore=*/tests/*",
            "--settings=koers.settings",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    missing = _msgids(copy / "locale" / "en" / "LC_MESSAGES" / "django.po") - _msgids(PO)
    assert not missing, f"{len(missing)} new strings: run `make messages` and translate them"
