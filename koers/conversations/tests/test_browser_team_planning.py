"""Issue 11 item 7 in the browser: a whole team, previewed slot by slot, then confirmed; on a
phone, axe-core on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.conversations.models import Conversation
from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _a_monday_three_weeks_ahead() -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=21)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def test_manager_previews_the_team_and_confirms(page: Page, demo_site):
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, "manager")
    page.goto("/conversations/plan/")
    page.get_by_label("Met wie").select_option(label="Heel team Assemblage")
    page.get_by_label("Datum").fill(_a_monday_three_weeks_ahead().isoformat())
    page.get_by_label("Begintijd").fill("09:00")
    page.get_by_label("Plaats").fill("Spreekkamer 2")
    page.get_by_role("button", name="Plannen en uitnodigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Planning van team Assemblage nakijken"
    )
    expect(page.get_by_text("Er is nog niets gepland")).to_be_visible()
    rows = page.locator("table.list tbody tr")
    count = rows.count()
    assert count >= 11
    assert not Conversation.objects.exists()
    times = [rows.nth(i).locator("td").nth(2).inner_text() for i in range(count)]
    assert times[:7] == ["09:00", "10:15", "11:30", "12:45", "14:00", "15:15", "09:00"]
    assert_accessible(page)

    page.get_by_role("button", name="Plannen en uitnodigen").click()
    expect(page.get_by_text(f"{count} gesprekken gepland")).to_be_visible()
    assert_accessible(page)
    assert Conversation.objects.count() == count
