"""The page benchmark (``make bench-pages``) cannot rot: its modules import, its generator
builds a tiny organisation, and every bare view answers 200 on it for the login that
opens the page (``bench.urls``: Koers' URLs plus ``/bare/``)."""

from __future__ import annotations

import pytest

from bench import bare, urls  # noqa: F401  (they import)
from bench.pages import data, inprocess, load, report, targets  # noqa: F401

pytestmark = pytest.mark.urls("bench.urls")


def test_each_bare_view_answers(db, client, django_user_model):
    data.build(40)
    pages = targets.pages()
    assert len(pages) == 9
    for page in pages:
        client.force_login(django_user_model.objects.get(username=page.login))
        response = client.get(page.bare)
        assert response.status_code == 200, page.name
        assert b"<table>" in response.content, page.name
