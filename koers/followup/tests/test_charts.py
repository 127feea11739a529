"""The HR charts draw at most ``MAX_BARS`` departments, those that need attention first, and
say so; the table keeps them all (issue 18: a hundred departments drew 320 KB)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from koers.followup import charts


def _rows(n: int) -> list[tuple[str, int, int]]:
    # Department i has i of 100 people covered: the lowest shares are the first ones.
    return [(f"Afdeling {i:03}", i, 100) for i in range(n)]


def test_a_share_chart_of_many_departments_draws_the_lowest_and_says_so():
    with translation.override("nl"):
        chart = charts.share_chart("coverage", "Gesprek gehad", _rows(40)[::-1])
    labels = [bar["label"] for bar in chart["bars"]]
    assert labels == [f"Afdeling {i:03}" for i in range(charts.MAX_BARS)]
    assert chart["height"] == charts.MAX_BARS * charts.ROW
    assert "12" in chart["note"] and "40" in chart["note"]
    assert chart["desc"].count(";") == charts.MAX_BARS - 1  # the drawn bars, in words


def test_a_share_chart_of_few_departments_draws_them_all_in_order_without_a_note():
    rows = _rows(charts.MAX_BARS)[::-1]
    chart = charts.share_chart("coverage", "Gesprek gehad", rows)
    assert [bar["label"] for bar in chart["bars"]] == [row[0] for row in rows]
    assert chart["note"] == ""


def test_the_mark_and_cost_charts_pick_the_lowest_mark_and_the_most_used_budget():
    marks = [
        {"department": f"A{i:02}", "average": Decimal(50 - i) / 10, "count": 9} for i in range(20)
    ]
    chart = charts.score_chart("Cijfer", marks)
    assert chart["bars"][0]["label"] == "A19"
    assert len(chart["bars"]) == charts.MAX_BARS and chart["note"]

    def budget_row(i: int, amount: int | None) -> dict:
        budget = SimpleNamespace(amount=Decimal(amount)) if amount else None
        return {
            "department": f"B{i:02}",
            "planned": Decimal(i),
            "spent": Decimal(0),
            "budget": budget,
        }

    rows = [budget_row(i, 100) for i in range(15)] + [budget_row(99, None)]
    chart = charts.cost_chart("Kosten", rows)
    drawn = [group["label"] for group in chart["groups"]]
    assert drawn[0] == "B14"  # 14 % of its budget: the most used
    assert "B99" not in drawn  # no budget: after every department that has one
    assert len(drawn) == charts.MAX_BARS
