"""Browser tests: Playwright driving Debian Chromium against the live server, axe-core on
every page.

- Mark every module ``pytestmark = pytest.mark.browser`` (``-m "not browser"`` skips them).
- Fixtures (from ``koers.testing_browser``): ``demo_site`` builds both demo organisations
  and returns the live server URL; ``browser_context_args`` points every page at the live
  server (so ``page.goto("/people/")`` works) and asks for Dutch; ``signed_in`` signs a
  demo user in through the real login form: ``signed_in(page, "hr")``.
- Helpers (import from ``koers.testing_browser``): ``sign_in(page, username)`` and
  ``assert_accessible(page)``, which fails with the axe rule ids, impact and selectors.
  Other apps' browser tests import the same fixtures and helpers from there.
- One browser for the whole session (pytest-playwright); a fresh context per test.
"""

from __future__ import annotations

import pytest

from koers.testing_browser import (  # noqa: F401 (fixtures)
    browser_context_args,
    demo_site,
    new_context,
    sign_in,
)


@pytest.fixture
def signed_in(demo_site):  # noqa: F811 (needs the demo site)
    """``signed_in(page, "hr")`` signs that demo user in through the login form."""
    return sign_in
