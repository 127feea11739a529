"""One door for every change (docs/architecture.md):

- every public function in ``koers/<app>/actions.py`` takes the actor first, runs in one
  transaction, checks the policy and records an audit event (itself, through a private helper
  of its module, or by calling another action that does);
- views, management commands and the demo do not write to models themselves: no ``.save()``,
  ``.create()``, ``.update()``, ``.delete()`` (or their bulk and m2m relatives) outside actions;
- nor does any module a management command runs: the commands' imports are followed, module
  by module (``koers remind`` runs ``followup/outbox.py``, which runs
  ``conversations/invitations.py``, ...), and each is scanned the same way, except the door
  itself: the actions, the models (their ``save``) and the few helpers that write only
  inside an action's transaction (``INSIDE_ACTIONS``, each with why).
"""

from __future__ import annotations

import ast
from pathlib import Path

KOERS = Path(__file__).resolve().parent.parent / "koers"
ROOT = KOERS.parent
WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
# Writes that are not to the database: the session, an in-memory workbook.
NOT_MODEL_WRITES = ("request.session", "workbook", "wb")


def _action_modules() -> list[Path]:
    return sorted(KOERS.glob("*/actions.py")) + sorted(KOERS.glob("*/actions/*.py"))


def _callee_name(call: ast.Call) -> str:
    return ast.unparse(call.func)


def _calls(function: ast.AST) -> set[str]:
    return {_callee_name(n) for n in ast.walk(function) if isinstance(n, ast.Call)}


def _is_atomic(function: ast.FunctionDef) -> bool:
    decorated = any("transaction.atomic" in ast.unparse(d) for d in function.decorator_list)
    wrapped = any(
        isinstance(n, ast.With) and any("transaction.atomic" in ast.unparse(i) for i in n.items)
        for n in ast.walk(function)
    )
    return decorated or wrapped


def _reaches(name: str, functions: dict[str, ast.FunctionDef], test, seen=None) -> bool:
    """Does the function ``name`` (of this module) reach a call for which ``test`` holds,
    directly or through other functions of the module?"""
    seen = seen or set()
    if name in seen or name not in functions:
        return False
    seen.add(name)
    calls = _calls(functions[name])
    return any(test(c) for c in calls) or any(
        _reaches(c, functions, test, seen) for c in calls if c in functions
    )


def _delegates(callee: str, imported_actions: set[str]) -> bool:
    """A call of another app's action (``signing_actions.sign``, ``actions.record_x``)."""
    head = callee.split(".")[0]
    return head in imported_actions


def _imported_action_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.endswith(".actions") or ".actions." in node.module:
                names |= {a.asname or a.name for a in node.names}
            elif node.module.startswith("koers.") and any(a.name == "actions" for a in node.names):
                names |= {a.asname or a.name for a in node.names if a.name == "actions"}
        if isinstance(node, ast.Import):
            names |= {a.asname or a.name for a in node.names if a.name.endswith(".actions")}
    return names


def _contract_breaches(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    delegated = _imported_action_names(tree)
    public = [f for name, f in functions.items() if not name.startswith("_")]
    breaches = []
    for function in public:
        where = f"{path.relative_to(KOERS.parent)}:{function.lineno} {function.name}"
        args = function.args.posonlyargs + function.args.args
        if not args or args[0].arg != "actor":
            breaches.append(f"{where}: the actor is not the first parameter")
        if not _is_atomic(function):
            breaches.append(f"{where}: not in one transaction (transaction.atomic)")
        checks = _reaches(
            function.name,
            functions,
            lambda c: c.startswith("policy.require") or _delegates(c, delegated),
        )
        if not checks:
            breaches.append(f"{where}: checks no policy (policy.require)")
        records = _reaches(
            function.name,
            functions,
            lambda c: c in {"record", "audit.record", "events.record"} or _delegates(c, delegated),
        )
        if not records:
            breaches.append(f"{where}: records no audit event (audit.record)")
    return breaches


def test_every_action_keeps_the_contract():
    breaches = [b for path in _action_modules() for b in _contract_breaches(path)]
    assert not breaches, "\n".join(breaches)


def _writing_modules():
    for path in sorted(KOERS.rglob("*.py")):
        parts = path.relative_to(KOERS).parts
        if "tests" in parts or "migrations" in parts:
            continue
        in_views = path.name.startswith("views") or "views" in parts[:-1]
        if in_views or "management" in parts or path.name == "demo.py":
            yield path


def _model_writes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
        ):
            target = ast.unparse(node.func.value)
            if target.startswith(NOT_MODEL_WRITES):
                continue
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {target}.{node.func.attr}")
    return found


def test_views_commands_and_the_demo_write_only_through_actions():
    found = [write for path in _writing_modules() for write in _model_writes(path)]
    assert not found, "model writes outside actions:\n" + "\n".join(found)


# --- what the management commands run -------------------------------------------------------

# Modules that write only when an action calls them, inside its transaction: part of the door.
INSIDE_ACTIONS = {
    "koers/audit/events.py": "audit.record itself: the event of the action that calls it",
    "koers/access/once.py": "make_once: the one-time form token of a create action",
    "koers/lib/concurrency.py": "Revisioned.save and claim: the edit token of an edit action",
    "koers/organisations/activations.py": "helpers of the login actions (its docstring)",
    "koers/signing/services.py": "the signing steps, called by the documents' sign actions",
}
# A command that still writes outside an action (not yet through the door): named, so that a
# new one fails the test and this one is not forgotten.
NOT_YET_THROUGH_AN_ACTION: dict[str, str] = {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _koers_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in KOERS.rglob("*.py")}


def _imported(path: Path, modules: dict[str, Path]) -> set[str]:
    """The koers modules ``path`` imports (at any depth of the file), as module names."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path.parent)
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                head = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*head, *([node.module] if node.module else [])])
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    found = set()
    for name in names:
        while name and name not in modules:  # ``from koers.x import y``: y may be a name
            name = name.rpartition(".")[0]
        if name.startswith("koers"):
            found.add(name)
    return found


def _command_modules() -> list[Path]:
    """Every koers module a management command runs: the commands and, transitively, what
    they import (tests and migrations aside)."""
    modules = _koers_modules()
    todo = [_module_name(path) for path in KOERS.glob("*/management/commands/*.py")]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_imported(modules[name], modules))
    paths = [modules[name] for name in seen]
    return sorted(p for p in paths if not {"tests", "migrations"} & set(p.parts))


def _the_door(path: Path) -> bool:
    relative = str(path.relative_to(ROOT))
    is_action = path.name == "actions.py" or path.parent.name == "actions"
    return is_action or path.name == "models.py" or relative in INSIDE_ACTIONS


def test_the_commands_follow_their_imports_to_the_outbox():
    """The scan reaches what ``koers remind`` runs (a broken import walk would pass)."""
    scanned = {str(path.relative_to(ROOT)) for path in _command_modules()}
    assert {
        "koers/followup/management/commands/remind.py",
        "koers/followup/outbox.py",
        "koers/conversations/invitations.py",
        "koers/followup/actions/outbox.py",
        "koers/conversations/actions/invitations.py",
    } <= scanned


def test_what_the_commands_run_writes_only_through_actions():
    found = [
        write
        for path in _command_modules()
        if not _the_door(path) and str(path.relative_to(ROOT)) not in NOT_YET_THROUGH_AN_ACTION
        for write in _model_writes(path)
    ]
    assert not found, "model writes outside actions, in what a command runs:\n" + "\n".join(found)


def test_the_exceptions_are_still_needed():
    """An exception that no longer writes (or is no longer run by a command) goes."""
    scanned = {str(path.relative_to(ROOT)): path for path in _command_modules()}
    for listed in (*INSIDE_ACTIONS, *NOT_YET_THROUGH_AN_ACTION):
        assert listed in scanned and _model_writes(scanned[listed]), listed
