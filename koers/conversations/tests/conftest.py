"""Fixtures for the conversation tests: the demo's Assemblage people and a fixed 'now'."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from koers.organisations.models import Employee
from koers.testing_browser import (  # noqa: F401 (browser test fixtures)
    browser_context_args,
    demo_site,
    new_context,
)

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# A Monday morning; planning dates in the tests count from here.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def kees(demo) -> Employee:
    """`medewerker`: in Assemblage, has a login and an e-mail address."""
    return Employee.objects.select_related("team").get(
        organisation=demo, personnel_number="D-medewerker"
    )


@pytest.fixture
def sanne(demo) -> Employee:
    """`manager`: leads Assemblage."""
    return Employee.objects.get(organisation=demo, personnel_number="D-manager")


@pytest.fixture
def without_email(demo) -> Employee:
    """An Assemblage member without e-mail (invited by letter) and without login."""
    return (
        Employee.objects.filter(organisation=demo, team__name="Assemblage", email="")
        .exclude(street="")
        .order_by("personnel_number")
        .first()
    )


def plan_form(who: str, date: datetime.date, **extra) -> dict:
    return {
        "who": who,
        "conversation_type": extra.pop("conversation_type", ""),
        "date": date.isoformat(),
        "time": "10:00",
        "duration_minutes": 60,
        "gap_minutes": 15,
        "place": "Spreekkamer 2",
        **extra,
    }


@pytest.fixture
def pdf_text(tmp_path):
    """``pdf_text(response)``: the text of a PDF response, as pdftotext reads it."""
    import subprocess

    def read(response) -> str:
        assert response.status_code == 200, response.status_code
        path = tmp_path / "document.pdf"
        path.write_bytes(response.content)
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout

    return read
