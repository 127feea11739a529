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


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "opener"), list(_pages()))
def test_forms_on_the_page_survive_bad_input(case, opener, client, users):
    client.force_login(users[opener], backend="django.contrib.auth.backends.ModelBackend")
    client.raise_request_exception = False  # a server error is a figure here, not a stop
    from koers.organisations.demo import DEMO_SLUG
    from koers.organisations.models import Organisation

    demo = Organisation.objects.get(slug=DEMO_SLUG)
    args = TARGETS[case.target](demo) if case.target else []
    path = reverse(case.url_name, args=args)
    page = client.get(path)
    assert page.status_code == 200, f"{opener} GET {path}"
    if "text/html" not in page.get("Content-Type", ""):
        return
    forms = fuzzing.forms_on(page.content.decode(), path, case.url_name, opener)
    problems: list[str] = []
    figures = {"page": case.url_name, "forms": 0, "submissions": 0, "refused": 0}
    figures |= {"server_errors": 0, "partial_writes": 0}
    done: set[tuple] = set()
    for form in forms:
        if form.key in done:
            continue
        done.add(form.key)
        figures["forms"] += 1
        seed = zlib.crc32(f"{case.url_name}|{form.action}".encode())
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
