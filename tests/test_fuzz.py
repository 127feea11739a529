"""Every form Koers serves, submitted with bad values: 0 server errors, and a refused
submission changes nothing (issue 10, item 11; the harness is ``tests/fuzzing.py``).

In CI each form gets ``KOERS_FUZZ_PER_FORM`` submissions (default 4); ``make fuzz`` sends 500
and writes the figures to ``bench/results/fuzz.md`` (``python -m tests.fuzzing FIGURES``).
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

import pytest
from django.urls import reverse

from tests import fuzzing
from tests.test_access_matrix import CASES, TARGETS

PER_FORM = int(os.environ.get("KOERS_FUZZ_PER_FORM", "4"))
FIGURES = os.environ.get("KOERS_FUZZ_FIGURES", "")  # a JSON-lines file the run appends to


def _pages():
    """One GET row per URL name that some demo user may open (status 200)."""
    seen: set[str] = set()
    for case in CASES:
        if case.method != "get" or case.url_name in seen:
            continue
        opener = next((a for a in fuzzing.OPENERS if case.expect.get(a) == 200), None)
        if opener is None and case.default == 200:
            opener = next(a for a in fuzzing.OPENERS if a not in case.expect)
        if opener is None:
            continue
        seen.add(case.url_name)
        yield pytest.param(case, opener, id=f"{case.url_name}:{case.target or '-'}")


def _kees_plan_offered(demo) -> list[int]:
    """Kees's signed plan with a new point, offered for signature again: Kees sees the sign
    form, his manager the form for a signature on paper."""
    from koers.organisations.actors import actor_for
    from koers.plans import actions as plans
    from koers.plans.demo import extend_demo
    from koers.plans.models import DevelopmentPlan

    extend_demo(demo)
    plan = DevelopmentPlan.objects.get(organisation=demo, employee__personnel_number="D-medewerker")
    manager = actor_for(plan.employee.team.managers.order_by("pk").first())
    plans.save_point(manager, plan, category="career", title="Voorman worden")
    plans.send_for_signing(manager, plan)
    return [plan.pk]


def _kees_report_offered(demo) -> list[int]:
    """A held talk of Kees whose report is offered for signature (not yet signed)."""
    from koers.conversations.actions import report as report_actions
    from koers.conversations.models import Conversation
    from koers.conversations.tests.access_cases import _talk_with_report
    from koers.organisations.actors import actor_for

    [pk] = _talk_with_report("demo-werkbedrijf", "D-medewerker", sign=False)(demo)
    conversation = Conversation.objects.select_related("employee__team").get(pk=pk)
    manager = actor_for(conversation.employee.team.managers.order_by("pk").first())
    report = report_actions.start_report(manager, conversation)
    report_actions.submit_report(manager, report)
    return [pk]


# Forms that only show in one state of a document (issue 10: the sign and paper-sign forms):
# (page, how to build the state, who opens it, the form that must be among those fuzzed).
STATES = {
    "plan_offered:sign": ("plan-sign", _kees_plan_offered, "medewerker", "/sign/"),
    "plan_offered:paper": ("plan-sign-paper", _kees_plan_offered, "manager", "/sign/paper/"),
    "report_offered:sign": (
        "conversation-report-sign",
        _kees_report_offered,
        "medewerker",
        "/sign/",
    ),
    "report_offered:paper": (
        "conversation-report-sign-paper",
        _kees_report_offered,
        "manager",
        "/sign/paper/",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "opener"), list(_pages()))
def test_forms_on_the_page_survive_bad_input(case, opener, client, users):
    from koers.organisations.demo import DEMO_SLUG
    from koers.organisations.models import Organisation

    demo = Organisation.objects.get(slug=DEMO_SLUG)
    args = TARGETS[case.target](demo) if case.target else []
    _fuzz_page(client, users, opener, case.url_name, reverse(case.url_name, args=args))


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(STATES))
def test_forms_of_a_document_offered_for_signature_survive_bad_input(state, client, users):
    from koers.organisations.demo import DEMO_SLUG
    from koers.organisations.models import Organisation

    url_name, build, opener, expected = STATES[state]
    path = reverse(url_name, args=build(Organisation.objects.get(slug=DEMO_SLUG)))
    actions = _fuzz_page(client, users, opener, f"{url_name}:{state}", path)
    # The state is what this test is for: the sign form must be among those fuzzed.
    assert any(action.endswith(expected) for action in actions), actions


def _fuzz_page(client, users, opener: str, page_name: str, path: str) -> list[str]:
    """Every form of the page, ``PER_FORM`` bad submissions each; returns the form actions."""
    client.force_login(users[opener], backend="django.contrib.auth.backends.ModelBackend")
    client.raise_request_exception = False  # a server error is a figure here, not a stop
    page = client.get(path)
    assert page.status_code == 200, f"{opener} GET {path}"
    if "text/html" not in page.get("Content-Type", ""):
        return []
    forms = fuzzing.forms_on(page.content.decode(), path, page_name, opener)
    problems: list[str] = []
    figures = {"page": page_name, "forms": 0, "submissions": 0, "refused": 0}
    figures |= {"server_errors": 0, "partial_writes": 0}
    done: set[tuple] = set()
    for form in forms:
        if form.key in done:
            continue
        done.add(form.key)
        figures["forms"] += 1
        seed = zlib.crc32(f"{page_name}|{form.action}".encode())
        before = fuzzing.fingerprint()
        for number, data in enumerate(fuzzing.submissions(form, PER_FORM, seed)):
            response = client.post(form.action, data)
            figures["submissions"] += 1
            where = f"{opener} POST {form.action} (seed {seed}, submission {number})"
            if response.status_code >= 500:
                figures["server_errors"] += 1
                problems.append(f"{where}: {response.status_code}")
                before = fuzzing.fingerprint()
                continue
            after = fuzzing.fingerprint()
            if fuzzing.refused(response):
                figures["refused"] += 1
                changed = fuzzing.changed_tables(before, after)
                if changed:
                    figures["partial_writes"] += 1
                    status = response.status_code
                    problems.append(f"{where}: refused ({status}) but wrote {changed}")
            before = after
    if FIGURES:
        with Path(FIGURES).open("a") as out:
            out.write(json.dumps(figures) + "\n")
    assert not problems, "\n".join(problems[:20])
    return [form.action for form in forms]
