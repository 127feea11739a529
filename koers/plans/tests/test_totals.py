"""Totals are right with many activities, whatever their costs and statuses (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.plans.models import (
    COUNTED_STATUSES,
    Activity,
    ActivityStatus,
    Category,
    DevelopmentPlan,
    DevelopmentPoint,
)
from koers.plans.queries import cost_totals, plan_totals, with_content

pytestmark = pytest.mark.django_db

costs = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("99999.99"), places=2, allow_nan=False
)
activity = st.tuples(st.sampled_from(list(Category)), st.sampled_from(list(ActivityStatus)), costs)


@pytest.fixture
def empty_plan(plans_demo):
    plan = DevelopmentPlan.objects.get(employee__personnel_number="D-medewerker")
    plan.points.all().delete()
    return plan


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(activity, max_size=60))
def test_totals_match_the_sum_of_counted_activities(empty_plan, rows):
    empty_plan.points.all().delete()
    points = {
        category: DevelopmentPoint.objects.create(
            plan=empty_plan, category=category, title=str(category.label)
        )
        for category in Category
    }
    Activity.objects.bulk_create(
        Activity(point=points[category], kind="other", description="x", status=status, cost=cost)
        for category, status, cost in rows
    )
    totals = plan_totals(empty_plan)
    loaded = with_content(DevelopmentPlan.objects.filter(pk=empty_plan.pk)).get()
    assert plan_totals(loaded) == totals, "the loaded activities add up as the database does"
    for category in Category:
        expected = sum(
            (c for cat, s, c in rows if cat == category and s in COUNTED_STATUSES), Decimal("0")
        )
        assert totals[category.value] == expected
    expected_total = sum((c for _cat, s, c in rows if s in COUNTED_STATUSES), Decimal("0"))
    assert totals["total"] == expected_total
    listed = cost_totals(DevelopmentPlan.objects.filter(pk=empty_plan.pk))
    assert listed["total"] == expected_total
