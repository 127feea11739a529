"""Fixtures for the follow-up tests: the demo with its POPs, talks and follow-up."""

from __future__ import annotations

import pytest


@pytest.fixture
def full_demo(demo):
    """Both demo organisations plus every app's demo data (as ``koers load_demo`` does)."""
    from koers.lib.registry import app_modules

    for module in app_modules("demo"):
        if hasattr(module, "extend_demo"):
            module.extend_demo(demo)
    return demo
