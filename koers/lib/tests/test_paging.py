"""``page_then_fill``: the listing query takes the page's keys; what a row shows is computed
for those rows alone, and the page keeps the listing's order (issue 18)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.conversations.demo import extend_demo
from koers.conversations.models import Conversation
from koers.lib.paging import page_then_fill
from koers.organisations.models import Employee
from koers.signing.services import latest_version

pytestmark = pytest.mark.django_db


def test_the_page_keeps_the_order_and_leaves_out_a_row_gone_meanwhile(demo):
    people = Employee.objects.filter(organisation=demo).order_by("-last_name", "pk")
    expected = list(people.values_list("pk", flat=True)[3:6])
    gone = expected[1]

    def fill(pks):
        assert sorted(pks) == sorted(expected)  # only the page's keys
        return Employee.objects.filter(pk__in=pks).exclude(pk=gone).order_by("pk")

    page = page_then_fill(people, 2, 3, fill)
    assert [person.pk for person in page.object_list] == [expected[0], expected[2]]
    assert page.paginator.count == people.count()


def _listing(queries: CaptureQueriesContext, table: str) -> list[str]:
    """The queries that take a page of ``table``'s rows (the statement ends in its LIMIT)."""
    paged = re.compile(r"LIMIT \d+( OFFSET \d+)?$")
    return [
        q["sql"] for q in queries.captured_queries if paged.search(q["sql"]) and table in q["sql"]
    ]


def test_hr_talks_are_paged_before_the_report_state_is_computed(demo, login_as):
    extend_demo(demo)
    client = login_as("hr")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("conversation-list"))
    page = response.context["page"]
    listing = _listing(queries, '"conversations_conversation"')
    assert listing and not any("signing_version" in sql for sql in listing)
    # What the rows show is there: the newest report version's state, as a single read says.
    shown = {c.pk: c.report_state for c in page.object_list}
    newest = {}
    for talk in Conversation.objects.filter(pk__in=shown):
        report = getattr(talk, "report", None)
        version = latest_version(report) if report else None
        newest[talk.pk] = version.status if version else None
    assert shown == newest
    assert any(shown.values()), "the demo's page has reports in it"
    assert [c.starts_at for c in page.object_list] == sorted(
        (c.starts_at for c in page.object_list), reverse=True
    )


def test_hr_plans_are_paged_before_state_and_cost_are_computed(plans_demo, login_as):
    client = login_as("hr")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("plan-list"))
    listing = _listing(queries, '"plans_developmentplan"')
    assert listing
    assert not any("signing_version" in sql or "plans_activity" in sql for sql in listing)
    rows = response.context["page"].object_list
    assert rows and all(hasattr(plan, "total") and plan.state for plan in rows)
