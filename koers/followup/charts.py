"""Simple server-rendered SVG bar charts (no JavaScript, no inline styles: geometry is in
presentation attributes, colours in followup.css). Each chart carries its own text
alternative: a <title> and a <desc> that says every figure it draws, and the page shows the
same figures, for every department, in a table.

A chart draws at most ``MAX_BARS`` departments: those that need attention first (the lowest
share, the lowest mark, the most of their budget used), and says so under it. A hundred bars
are read by nobody, and drew a third of a megabyte at 100,000 people (issue 18)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

ROW = 34
LABEL_WIDTH = 200
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 220
MAX_BARS = 12


def _first(rows: list[Any], attention: Any) -> tuple[list[Any], str]:
    """The rows a chart draws (those first by ``attention``, in that order, when there are
    more than ``MAX_BARS``) and the note that says which they are ("" when all)."""
    if len(rows) <= MAX_BARS:
        return rows, ""
    note = _(
        "De %(shown)s afdelingen die het meeste aandacht vragen, van %(total)s; "
        "de tabel heeft ze allemaal."
    ) % {"shown": MAX_BARS, "total": len(rows)}
    return sorted(rows, key=attention)[:MAX_BARS], note


def _share(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def share_chart(key: str, title: str, rows: list[tuple[str, int, int]]) -> dict[str, Any]:
    """One bar per row: ``part`` of ``whole`` as a percentage (the lowest first when there
    are too many to draw)."""
    rows, note = _first(rows, lambda row: (_share(row[1], row[2]), row[0]))
    bars = []
    for index, (label, part, whole) in enumerate(rows):
        percent = _share(part, whole)
        bars.append(
            {
                "label": label,
                "y": index * ROW,
                "text_y": index * ROW + 21,
                "width": round(BAR_WIDTH * percent / 100),
                "value": _("%(percent)s%% (%(part)s van %(whole)s)")
                % {"percent": percent, "part": part, "whole": whole},
            }
        )
    return {
        "id": f"chart-{key}",
        "title": title,
        "note": note,
        "desc": "; ".join(f"{b['label']}: {b['value']}" for b in bars) or _("Geen gegevens."),
        "height": max(len(bars), 1) * ROW,
        "width": WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "value_x": LABEL_WIDTH + BAR_WIDTH + 8,
        "bars": bars,
    }


def score_chart(title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One bar per department: the average mark (1–5) on a scale of 5 (the lowest first
    when there are too many to draw)."""
    rows, note = _first(rows, lambda row: (row["average"], row["department"] or ""))
    bars = []
    for index, row in enumerate(rows):
        bars.append(
            {
                "label": row["department"] or _("zonder afdeling"),
                "y": index * ROW,
                "text_y": index * ROW + 21,
                "width": round(BAR_WIDTH * float(row["average"]) / 5),
                "value": _("%(average)s van 5 (%(count)s gesprekken)")
                % {"average": number_format(row["average"], 1), "count": row["count"]},
            }
        )
    return {
        "id": "chart-score",
        "title": title,
        "note": note,
        "desc": "; ".join(f"{b['label']}: {b['value']}" for b in bars) or _("Geen gegevens."),
        "height": max(len(bars), 1) * ROW,
        "width": WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "value_x": LABEL_WIDTH + BAR_WIDTH + 8,
        "bars": bars,
    }


def cost_chart(title: str, budget_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per department three thin bars: planned, spent, budget, on one scale (when there are
    too many to draw: those that used the most of their budget, then those without one that
    spend the most)."""
    budget_rows, note = _first(budget_rows, _budget_attention)
    amounts = [
        amount
        for row in budget_rows
        for amount in (row["planned"], row["spent"], row["budget"].amount if row["budget"] else 0)
    ]
    top = max([Decimal(a) for a in amounts] + [Decimal(1)])
    series = (
        ("planned", _("gepland")),
        ("spent", _("uitgegeven")),
        ("budget", _("budget")),
    )
    groups = []
    descriptions = []
    for index, row in enumerate(budget_rows):
        values = {
            "planned": row["planned"],
            "spent": row["spent"],
            "budget": row["budget"].amount if row["budget"] else None,
        }
        y = index * (ROW * 2)
        bars = []
        for offset, (name, label) in enumerate(series):
            value = values[name]
            bars.append(
                {
                    "css": name,
                    "y": y + offset * 20,
                    "text_y": y + offset * 20 + 14,
                    "width": round(BAR_WIDTH * Decimal(value or 0) / top),
                    "value": f"{label}: € {number_format(value, 2, force_grouping=True)}"
                    if value is not None
                    else f"{label}: –",
                }
            )
        groups.append(
            {"label": row["department"] or _("zonder afdeling"), "y": y + 14, "bars": bars}
        )
        descriptions.append(
            f"{row['department'] or _('zonder afdeling')}: " + ", ".join(b["value"] for b in bars)
        )
    return {
        "id": "chart-cost",
        "title": title,
        "note": note,
        "desc": "; ".join(descriptions) or _("Geen gegevens."),
        "height": max(len(groups), 1) * ROW * 2,
        "width": WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "value_x": LABEL_WIDTH + BAR_WIDTH + 8,
        "groups": groups,
    }


def _budget_attention(row: dict[str, Any]) -> tuple[int, Decimal, str]:
    used = Decimal(row["planned"] or 0) + Decimal(row["spent"] or 0)
    if row["budget"] and row["budget"].amount:
        return (0, -used / Decimal(row["budget"].amount), row["department"] or "")
    return (1, -used, row["department"] or "")


def progress_chart(progress: dict[str, int]) -> dict[str, Any] | None:
    """The employee's activities by status, as one stacked bar."""
    total = progress.get("total", 0)
    if not total:
        return None
    parts = (
        ("completed", _("afgerond")),
        ("started", _("bezig")),
        ("registered", _("aangemeld")),
        ("planned", _("gepland")),
    )
    x = 0
    segments = []
    for name, label in parts:
        count = progress.get(name, 0)
        width = round(BAR_WIDTH * 2 * count / total)
        segments.append({"css": name, "x": x, "width": width, "label": label, "count": count})
        x += width
    return {
        "id": "chart-progress",
        "title": _("Mijn activiteiten"),
        "desc": ", ".join(f"{s['label']}: {s['count']}" for s in segments),
        "width": BAR_WIDTH * 2,
        "height": 32,
        "segments": segments,
    }
