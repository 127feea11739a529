"""Helpers and fixtures for browser tests (Playwright + Debian Chromium + axe-core).

Use them from any app's browser tests::

    import pytest
    from koers.testing_browser import assert_accessible, sign_in
    from koers.testing_browser import (  # noqa: F401 (fixtures)
        browser_context_args,
        demo_site,
        new_context,
    )

    pytestmark = pytest.mark.browser

    def test_hr_sees_the_people_list(page, demo_site):
        sign_in(page, "hr")
        page.goto("/people/")
        assert_accessible(page)

``tests/browser/conftest.py`` imports the fixtures already; tests under ``tests/browser/`` only
need the helpers. Every page a browser test visits goes through ``assert_accessible``.
``new_context`` shortens Playwright's action timeout to 5 s, so a broken page fails fast.
Pages of a context with JavaScript off cannot run axe: check them with JavaScript on.
"""

from __future__ import annotations

from typing import Any

import pytest

DEMO_PASSWORD = "koers-demo"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, live_server: Any) -> dict:
    """Every page talks to the live server, in Dutch (the browser asks for nl-NL)."""
    return {**browser_context_args, "base_url": live_server.url, "locale": "nl-NL"}


@pytest.fixture
def demo_site(live_server: Any, transactional_db: None) -> str:
    """Both demo organisations, served by the live server; returns its URL.

    The demo logins (see ``koers.organisations.demo``) have the password ``koers-demo``.
    """
    from django.core.cache import cache

    from koers.organisations.demo import build_demo

    # The rate limits count in the database cache, which the flush after a test leaves.
    cache.clear()
    build_demo(password=DEMO_PASSWORD)
    return live_server.url


def sign_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real login form and wait for the start page."""
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


# axe's default rules, plus WCAG 2.2's target size (24 × 24 px), which axe leaves off by default:
# many Koers users tap with a thumb.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def axe_violations(page: Any) -> list[dict]:
    """The axe-core violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    # A click that navigates returns once the navigation has started: check the new page,
    # not the one being left.
    page.wait_for_load_state("load")
    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    """Fail with the rule ids, impact and target selectors when axe-core finds violations.

    axe-core is JavaScript: in a context with ``java_script_enabled=False`` it would hang, so
    check those pages in a normal context.
    """
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core found {len(violations)} violation(s) on {page.url}:\n"
        + describe_violations(violations)
    )


@pytest.fixture
def new_context(new_context: Any) -> Any:
    """pytest-playwright's ``new_context`` with a 5 s action timeout instead of 30 s."""

    def _new_context(**kwargs: Any) -> Any:
        context = new_context(**kwargs)
        context.set_default_timeout(5_000)
        return context

    return _new_context
