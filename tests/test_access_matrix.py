"""The access matrix: every role × every URL × an object of the own team, another team,
another organisation → the expected status. Rows live in koers/<app>/tests/access_cases.py."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import koers
from koers.testing import ACTORS, Case


def _case_modules():
    for module in pkgutil.iter_modules(koers.__path__):
        if not module.ispkg:
            continue
        try:
            yield importlib.import_module(f"koers.{module.name}.tests.access_cases")
        except ModuleNotFoundError:
            continue


MODULES = list(_case_modules())
CASES: list[Case] = [case for module in MODULES for case in module.CASES]
TARGETS = {
    name: build for module in MODULES for name, build in getattr(module, "TARGETS", {}).items()
}
SKIPPED = {name for module in MODULES for name in getattr(module, "SKIP", {})}


def _case_id(case: Case) -> str:
    return f"{case.method}:{case.url_name}:{case.target or '-'}"


@pytest.fixture(scope="module", params=CASES, ids=_case_id)
def row(request, django_db_setup, django_db_blocker):
    """The row and its URL. The objects it points at are built once for all actors, in a
    transaction around the row's tests: each actor's test runs in a savepoint inside it that is
    rolled back, and the transaction itself is rolled back after the row's last actor. (The
    last row's transaction lasts until the end of this module: keep other database tests out
    of it.)"""
    from koers.organisations.demo import DEMO_SLUG
    from koers.organisations.models import Organisation

    case: Case = request.param
    with django_db_blocker.unblock(), transaction.atomic():
        demo = Organisation.objects.get(slug=DEMO_SLUG)
        args = TARGETS[case.target](demo) if case.target else []
        yield case, reverse(case.url_name, args=args)
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_access(row: tuple[Case, str], actor: str, client, users):
    """One actor on one row, on a database of its own: another actor's POST cannot change
    what this one sees."""
    case, url = row
    if actor != "anonymous":
        client.force_login(users[actor], backend="django.contrib.auth.backends.ModelBackend")
    response = getattr(client, case.method)(url, case.data)
    expected = case.status_for(actor)
    assert response.status_code == expected, f"{actor} {case.method.upper()} {url}"
    if expected == 302 and actor == "anonymous" and case.url_name not in {"logout", "set_language"}:
        assert response["Location"].startswith(reverse("login"))


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            names |= _url_names(
                pattern, f"{pattern.namespace}:" if pattern.namespace else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_url_is_in_the_matrix():
    covered = {case.url_name for case in CASES} | SKIPPED
    missing = _url_names() - covered
    assert not missing, f"add these URL names to an access_cases.py: {sorted(missing)}"


def test_every_case_names_a_known_target():
    assert all(case.target is None or case.target in TARGETS for case in CASES)
