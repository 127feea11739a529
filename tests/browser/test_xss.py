"""Issue 10, item 11: an XSS corpus through every free-text field, and no script runs.

On the whole demo (every app's demo data), each named user's pages are found as a person finds
them: by following the links from the start page (at most two pages per URL name). Every form
on them (found as ``tests/fuzzing.py`` finds them) is submitted once per payload of the corpus
in all its text fields, the other fields as the browser would send them. Then Chromium opens
every page again as each user, and the test asserts that no payload became markup (no element
carries the corpus' marker attribute), that no script of a payload ran or opened a dialog, and
that the browser reported no blocked inline script (a CSP violation means a payload reached
the page as code: the policy only hides the escaping bug).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from tests import fuzzing

pytestmark = pytest.mark.browser

MARK = "data-xss"
CORPUS = [
    f'<b {MARK}="b">vet</b>',
    f'"><img {MARK}="img" src=x onerror="window.__xss=1">',
    f'<script {MARK}="script">window.__xss=1</script>',
    f'\'><svg {MARK}="svg" onload="window.__xss=1"></svg>',
    f'<a {MARK}="a" href="javascript:window.__xss=1">klik</a>',
    f'</textarea><iframe {MARK}="iframe" srcdoc="<script>parent.__xss=1</script>"></iframe>',
    f"{{{{ 7*7 }}}}<i {MARK}=\"tpl\">{{% now 'Y' %}}</i>",
]
VIEWERS = ("medewerker", "manager", "hr", "admin")
NOT_PAGES = ("/static/", "/admin/", "/accounts/logout/", "/i18n/", "/accounts/2fa/")
NOT_HTML = (".pdf", ".ics", ".csv", ".xlsx")
PER_NAME = 2


def crawl(client: Client, start: str = "/") -> list[str]:
    """The pages a person reaches by following links from ``start``: at most ``PER_NAME``
    per URL name, HTML only."""
    pages: list[str] = []
    seen: set[str] = set()
    per_name: Counter[str] = Counter()
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        name = fuzzing._route(url)
        if per_name[name] >= PER_NAME:
            continue
        per_name[name] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(url)
        for href in re.findall(r'href="([^"#]+)"', response.content.decode()):
            target = urljoin(url, html.unescape(href))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(NOT_PAGES) or parts.path.endswith(NOT_HTML):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def _client(username: str) -> Client:
    from koers.accounts.models import User

    client = Client(raise_request_exception=False)
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def _store_the_corpus(client: Client, username: str, pages: list[str]) -> int:
    """Every form on these pages, once per payload in all its text fields."""
    accepted = 0
    for path in pages:
        page = client.get(path)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for form in fuzzing.forms_on(page.content.decode(), path, path, username):
            texts = [f.name for f in form.fields if f.kind in ("text", "textarea", "search")]
            if not texts or urlsplit(form.action).path.startswith(NOT_PAGES):
                continue
            for payload in CORPUS:
                data = form.browser_data()
                for field_name in texts:
                    data[field_name] = [payload]
                response = client.post(form.action, data)
                assert response.status_code < 500, f"{username} POST {form.action}: {payload}"
                accepted += response.status_code in (200, 302)
    return accepted


def test_no_payload_becomes_markup_anywhere(page, demo_site, signed_in):
    from koers.lib.registry import app_modules
    from koers.organisations.demo import DEMO_SLUG
    from koers.organisations.models import Organisation

    demo = Organisation.objects.get(slug=DEMO_SLUG)
    for module in app_modules("demo"):  # every app's demo data, as `koers load_demo` adds it
        if hasattr(module, "extend_demo"):
            module.extend_demo(demo)
    pages: dict[str, list[str]] = {}
    for username in VIEWERS:
        client = _client(username)
        pages[username] = crawl(client)
        assert _store_the_corpus(client, username, pages[username]) > 0

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    found = []
    shown: Counter[str] = Counter()  # pages that show a payload (as text, as they should)
    for username in VIEWERS:
        page.context.clear_cookies()
        signed_in(page, username)
        for path in pages[username]:
            response = page.goto(path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            shown[username] += MARK in page.content()
            marked = page.locator(f"[{MARK}]").count()
            ran = page.evaluate("window.__xss === 1")
            blocked = page.evaluate("window.__csp || []")
            if marked or ran or blocked:
                found.append((username, path, marked, ran, blocked))
    assert sum(len(p) for p in pages.values()) > 100
    assert all(shown[username] > 0 for username in VIEWERS), shown
    assert found == [] and dialogs == []
