"""Form fuzzing (issue 10, item 11): every form Koers serves, found from the URL configuration,
submitted with generated bad values.

How the forms are found: every GET row of the access matrix (``koers/<app>/tests/access_cases.py``,
which a meta-test keeps complete for the URL configuration) is opened as the first demo user
who may open it; each ``<form method="post">`` on the page (and each element with ``hx-post``)
is one form: its action, its fields and the values a browser would send unchanged.

What is checked for every submission: no server error (5xx), and a *refused* submission (a 4xx,
or the page again with a form error) changed nothing in the database (``fingerprint``). The
values come from a seeded ``random.Random``: a failure names the form and the seed, and the
same run finds it again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.test.utils import ContextList
from django.urls import Resolver404, resolve

# Who opens a page to find its forms, in this order: the first whose status is 200.
OPENERS = ("manager", "hr", "medewerker", "admin", "collega", "hr2")

# Reads are logged (the dossier log): a refused submission that shows the page again may add one.
READ_VERBS_SUFFIXES = (".read", "_read")
READ_VERBS_EXCEPT = ("notice.",)

# Tables that change on a refused request on purpose, and say nothing about the domain: the
# session (flash messages), the login throttles and rate limits (axes, the cache table), the
# activation throttle (a wrong code counts, koers.organisations.actions.activations).
SKIPPED_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "koers_cache",
    "organisations_activationfailure",
}


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, date, number, hidden, email, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    page: str  # the URL name of the page it was found on
    opener: str  # the demo user who opened it
    action: str  # the path it posts to
    fields: list[Field] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (_route(self.action), tuple(sorted({f.name for f in self.fields})))

    def browser_data(self) -> dict[str, list[str]]:
        """What a browser would send for the form as it is shown."""
        data: dict[str, list[str]] = {}
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
            elif f.kind == "select":
                data.setdefault(f.name, []).append(f.value or (f.options[0] if f.options else ""))
            elif f.kind not in ("submit", "button", "file", "reset", "image"):
                data.setdefault(f.name, []).append(f.value)
        return data


def _route(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    return match.view_name or path


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[tuple[str, list[Field]]] = []
        self._stack: list[list[Field]] = []
        self._select: Field | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: Field | None = None
        self._autosave_open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and (a.get("method", "get").lower() == "post" or "hx-post" in a):
            self.forms.append((a.get("hx-post") or a.get("action") or self.page_path, []))
            self._stack.append(self.forms[-1][1])
            return
        if "hx-post" in a and tag in ("textarea", "input", "select") and a.get("name"):
            # An autosave field: it posts itself to its own URL (inside a form it is also
            # part of that form). The same Field object is in both, so a textarea's text
            # reaches both.
            if self._stack:
                self._add(tag, a)
                shared = self._stack[-1][-1]
                self.forms.append((a["hx-post"], [shared]))
            else:
                self.forms.append((a["hx-post"], []))
                self._stack.append(self.forms[-1][1])
                self._add(tag, a)
                if tag == "textarea":
                    self._autosave_open = True
                else:
                    self._stack.pop()
            return
        if self._stack:
            self._add(tag, a)

    def _add(self, tag: str, a: dict[str, str]) -> None:
        fields = self._stack[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            fields.append(Field(name, kind, a.get("value", ""), checked="checked" in a))
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea")
            fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "select")
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "button" and name:
            fields.append(Field(name, "button", a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text
            self._select.options.append(value.strip())
            if self._option_selected:
                self._select.value = value.strip()
            self._option_value = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
            if self._autosave_open:
                self._autosave_open = False
                self._stack.pop()
        elif tag == "form" and self._stack:
            self._stack.pop()


def forms_on(html: str, page_path: str, page: str, opener: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    found = []
    for action, fields in parser.forms:
        action = urljoin(page_path, action)  # "" and "?step=2" post to the page itself
        if urlsplit(action).path.startswith(("/accounts/logout", "/i18n/")):
            continue  # signing out or switching language ends the session under test
        found.append(Form(page, opener, action, fields))
    return found


# Bad values, by what they attack. Each is a function of the random source (some are large).
def _huge(rng: random.Random) -> str:
    return rng.choice("aé€😀") * rng.choice((1_001, 10_001, 100_001))


BAD_TEXT = [
    lambda r: "",
    lambda r: " " * r.randint(1, 5),
    _huge,
    lambda r: "\u202eRTL-tekst\u202c ‏עברית العربية",
    lambda r: "😀👩🏽‍🦯 Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    lambda r: "nul\x00byte",
    lambda r: "ctrl\x01\x08\x0b\x0c\x1b\x7f",
    lambda r: "\ufeff\ufffe\uffff",
    lambda r: "<script>alert(1)</script>",
    lambda r: '=HYPERLINK("http://x")',
    lambda r: "'; DROP TABLE x; --",
    lambda r: "\r\n\r\n\t",
]
BAD_DATES = [
    lambda r: "2026-02-30",
    lambda r: "31-13-2026",
    lambda r: "0000-00-00",
    lambda r: "9999-12-31",
    lambda r: "0001-01-01",
    lambda r: "2026-1-1T25:61",
    lambda r: "gisteren",
]
BAD_NUMBERS = [
    lambda r: "-1",
    lambda r: "0",
    lambda r: "99999999999999999999999999",
    lambda r: "1e309",
    lambda r: "NaN",
    lambda r: "-0.000001",
    lambda r: "12,50",
    lambda r: "1_000",
]
BAD_IDS = [
    lambda r: "999999999",
    lambda r: "-5",
    lambda r: "abc",
    lambda r: str(r.randint(1, 400)),  # an id of something, perhaps of another organisation
    lambda r: "1 OR 1=1",
]
ALL_BAD = BAD_TEXT + BAD_DATES + BAD_NUMBERS + BAD_IDS


def _bad_for(f: Field) -> list:
    if f.kind == "date" or "date" in f.name or f.name.endswith(("_on", "_at", "start", "end")):
        return BAD_DATES + BAD_TEXT[:3]
    if f.kind == "number" or f.name.endswith(("amount", "cost", "hours", "budget", "count")):
        return BAD_NUMBERS + BAD_TEXT[:3]
    if f.kind in ("select", "radio", "checkbox", "hidden"):
        return BAD_IDS + BAD_TEXT[:3] + BAD_NUMBERS[:2]
    return BAD_TEXT


def submissions(form: Form, count: int, seed: int) -> Iterator[dict[str, list[str]]]:
    """``count`` bad submissions of ``form``: the browser's values with one to three fields
    (or an extra field) replaced by bad values. The first are the plain cases every form
    gets: everything empty, every text field huge, a NUL in every text field."""
    rng = random.Random(seed)
    base = form.browser_data()
    names = [
        f.name
        for f in form.fields
        if f.kind not in ("submit", "button", "file", "reset", "image") and f.name
    ]
    kinds = {f.name: f for f in form.fields}
    csrf = {k: v for k, v in base.items() if k == "csrfmiddlewaretoken"}
    fixed = [
        {**csrf, **{n: [""] for n in names if n != "csrfmiddlewaretoken"}},
        {**base, **{n: ["x" * 10_001] for n in names if kinds[n].kind in ("text", "textarea")}},
        {**base, **{n: ["a\x00b"] for n in names if kinds[n].kind in ("text", "textarea")}},
    ]
    for index in range(count):
        if index < len(fixed):
            yield fixed[index]
            continue
        data = {k: list(v) for k, v in base.items()}
        if not names or rng.random() < 0.1:
            data[f"extra_{rng.randint(0, 99)}"] = [rng.choice(ALL_BAD)(rng)]
        for name in rng.sample(names, k=min(len(names), rng.randint(1, 3))):
            if name == "csrfmiddlewaretoken":
                continue
            data[name] = [rng.choice(_bad_for(kinds[name]))(rng)]
        yield data


def _read_event(verb: str) -> bool:
    return verb.endswith(READ_VERBS_SUFFIXES) and not verb.startswith(READ_VERBS_EXCEPT)


def fingerprint() -> dict[str, str]:
    """A digest of every table Koers writes (but reads in the dossier log and sessions)."""
    digests: dict[str, str] = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table in SKIPPED_TABLES or model._meta.proxy:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        if table == "audit_auditevent":
            rows = [row for row in rows if not _read_event(_verb_of(model, row))]
        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(row).encode())
        digests[table] = digest.hexdigest()
    return digests


def _verb_of(model: Any, row: tuple) -> str:
    names = [f.attname for f in model._meta.concrete_fields]
    return str(row[names.index("verb")])


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


def refused(response: Any) -> bool:
    """The submission was turned down: a client error, or the page again with a form error."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code != 200 or response.context is None:
        return False
    # One rendered template gives its Context, several give a ContextList of them.
    contexts = response.context if isinstance(response.context, ContextList) else [response.context]
    for context in contexts:
        for value in context.flatten().values():
            errors = getattr(value, "errors", None)
            if hasattr(value, "is_bound") and getattr(value, "is_bound", False) and errors:
                return True
    return False


def write_report(figures_file: Path, out: Path, per_form: int) -> Path:
    """``make fuzz``: the figures of a run as a table."""
    rows = [json.loads(line) for line in figures_file.read_text().splitlines() if line]
    total = {k: sum(r[k] for r in rows) for k in ("forms", "submissions", "refused")}
    total |= {k: sum(r[k] for r in rows) for k in ("server_errors", "partial_writes")}
    lines = [
        "# Form fuzzing (`make fuzz`)",
        "",
        f"Run on {datetime.date.today():%d-%m-%Y}, {per_form} submissions per form"
        " (tests/test_fuzz.py, tests/fuzzing.py).",
        "",
        f"- pages: {len(rows)}; forms: {total['forms']}; submissions: {total['submissions']}"
        f" (refused: {total['refused']})",
        f"- server errors: {total['server_errors']}; partial writes: {total['partial_writes']}",
        "",
        "| page | forms | submissions | refused | server errors | partial writes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['page']} | {r['forms']} | {r['submissions']} | {r['refused']} |"
        f" {r['server_errors']} | {r['partial_writes']} |"
        for r in sorted(rows, key=lambda r: r["page"])
    ]
    out.write_text("\n".join(lines) + "\n")
    return out


if __name__ == "__main__":  # make fuzz: python -m tests.fuzzing FIGURES PER_FORM OUT
    import sys

    print(write_report(Path(sys.argv[1]), Path(sys.argv[3]), int(sys.argv[2])))
