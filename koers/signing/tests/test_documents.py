"""The protocol and the registry: every signed document is a registered kind that koers.signing
reaches without importing the app it lives in; every status has its wording."""

import ast
from pathlib import Path

import pytest

from koers.signing import documents
from koers.signing.models import VersionStatus
from koers.signing.status import EMPLOYEE, MANAGER, READER, STATUSES, status_text

SIGNING = Path(documents.__file__).parent
# lib ← access ← organisations ← audit, signing ← conversations, plans ← cards, followup
ABOVE_SIGNING = ("koers.conversations", "koers.plans", "koers.cards", "koers.followup")


def test_the_pop_and_the_report_are_registered():
    kinds = {kind.kind: kind.model._meta.label for kind in documents.kinds()}
    assert kinds == {"pop": "plans.DevelopmentPlan", "conversation_report": "conversations.Report"}


def test_signing_imports_no_app_above_it():
    for path in SIGNING.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert not name.startswith(ABOVE_SIGNING), f"{path.name} imports {name}"


def test_a_second_kind_with_the_same_name_is_refused():
    pop = documents.kind("pop")
    other = type("Other", (pop,), {})
    with pytest.raises(ValueError):
        documents.register(other)


@pytest.mark.parametrize("status", VersionStatus.values)
def test_every_status_says_itself_to_every_reader(status):
    text = status_text(status)
    assert text is STATUSES[status]
    assert text.label and text.css == f"badge-{status}"
    for role in (EMPLOYEE, MANAGER, READER, None):
        assert text.explain(role, document="het plan", number=2, date="1 maart 2026")


def test_only_the_right_reader_is_waited_for():
    assert status_text(VersionStatus.TO_SIGN).waits_for(EMPLOYEE)
    assert not status_text(VersionStatus.TO_SIGN).waits_for(MANAGER)
    assert status_text(VersionStatus.EMPLOYEE_SIGNED).waits_for(MANAGER)
    assert not status_text(VersionStatus.SIGNED).waits_for(READER)
    assert status_text(None).is_draft
