"""Apps import in one direction (docs/architecture.md):

    lib ← access ← organisations ← accounts ← audit ← signing ← plans ← conversations
        ← cards ← followup ← insights ← selfservice ← privacy ← api

An app may import the apps to its left, never those to its right; imports inside functions
that dodge that order are refused too (an import of another app belongs at the top of the
module). Project modules (settings, urls, cli, testing) and tests may import anything."""

from __future__ import annotations

import ast
from pathlib import Path

KOERS = Path(__file__).resolve().parent.parent / "koers"
ORDER = [
    "lib",
    "access",
    "organisations",
    "accounts",
    "audit",
    "signing",
    "plans",
    "conversations",
    "cards",
    "followup",
    "insights",
    "selfservice",
    "privacy",
    "api",
]
RANK = {app: n for n, app in enumerate(ORDER)}


def _modules():
    for path in sorted(KOERS.rglob("*.py")):
        parts = path.relative_to(KOERS).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        yield parts[0], path


def _koers_imports(tree: ast.AST):
    top = {id(node) for node in tree.body}  # type: ignore[attr-defined]
    for node in tree.body:  # type: ignore[attr-defined]
        if isinstance(node, ast.If | ast.Try):  # TYPE_CHECKING blocks count as top level
            top |= {id(child) for child in ast.walk(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            bits = name.split(".")
            if bits[0] == "koers" and len(bits) > 1 and (KOERS / bits[1]).is_dir():
                yield bits[1], node.lineno, id(node) in top


def test_every_app_has_a_place_in_the_order():
    apps = {app for app, _path in _modules()}
    assert apps <= set(ORDER), f"add to ORDER: {sorted(apps - set(ORDER))}"


def test_apps_import_in_one_direction():
    wrong = [
        f"{path.relative_to(KOERS.parent)}:{line} imports koers.{target}"
        for app, path in _modules()
        for target, line, _top in _koers_imports(ast.parse(path.read_text()))
        if target != app and RANK.get(target, -1) > RANK.get(app, len(ORDER))
    ]
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_no_import_of_another_app_hides_in_a_function():
    # AppConfig.ready() is where Django wants registrations made: its imports are fine.
    hidden = [
        f"{path.relative_to(KOERS.parent)}:{line} imports koers.{target} inside a function"
        for app, path in _modules()
        if path.name != "apps.py"
        for target, line, top in _koers_imports(ast.parse(path.read_text()))
        if target != app and not top
    ]
    assert not hidden, "\n".join(hidden)
