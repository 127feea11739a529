"""koers.audit imports koers.lib and koers.organisations only: the apps that write events
import it, never the other way round."""

from __future__ import annotations

import ast
from pathlib import Path

import koers.audit

ALLOWED = ("koers.lib", "koers.organisations", "koers.audit")


def test_audit_imports_no_app_that_records_events():
    root = Path(koers.audit.__file__).parent
    wrong = []
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            wrong += [
                f"{path.name}: {name}"
                for name in names
                if name.startswith("koers") and not name.startswith(ALLOWED)
            ]
    assert not wrong
