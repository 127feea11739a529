"""The README's URL table lists every URL of Koers, and says who may open each one exactly as
the access matrix (and so the code) does.

The table's URL column is compared with ``koers.urls``; its "who" column names roles
(``everyone``, ``signed in``, ``employee``, ``manager``, ``HR``, ``org admin``,
``superusers``), and the roles it names must be the roles of the demo users who get a page
(2xx, or a redirect after a POST) in the access matrix: ``medewerker`` and ``collega`` are
employees, ``manager`` a manager, ``hr`` and ``hr2`` HR, ``admin`` the org admin.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import URLResolver, get_resolver

from tests.test_access_matrix import CASES, SKIPPED

README = Path(__file__).resolve().parent.parent / "README.md"

ROLE_OF = {
    "anonymous": "everyone",
    "medewerker": "employee",
    "collega": "employee",
    "manager": "manager",
    "hr": "HR",
    "hr2": "HR",
    "admin": "org admin",
}
SIGNED_IN = {"employee", "manager", "HR", "org admin"}
# A redirect that is not "please sign in first" (these answer anonymous visitors too).
ANONYMOUS_MAY_POST = {"logout", "set_language"}


def url_patterns(resolver: URLResolver | None = None, prefix: str = "/") -> dict[str, str]:
    """URL (``<id>`` for each argument) → URL name; the admin as one entry."""
    found: dict[str, str] = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                found[route] = "admin"
            else:
                found |= url_patterns(pattern, route)
        else:
            found[pretty(route)] = pattern.name
    return found


def pretty(route: str) -> str:
    """``/plans/<int:pk>/points/<int:point_id>/`` → ``/plans/<id>/points/<point_id>/``."""

    def name(match: re.Match[str]) -> str:
        argument = match.group(1)
        return "<id>" if argument == "pk" else f"<{argument}>"

    return re.sub(r"<(?:\w+:)?(\w+)>", name, route)


def readme_rows() -> dict[str, str]:
    """URL → who, from the table under "## URLs" (one URL per row)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## URLs\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`/"):
            rows[cells[0].strip("`")] = cells[2]
    return rows


def named_roles(who: str) -> set[str]:
    roles = set()
    if "everyone" in who:
        roles |= SIGNED_IN | {"everyone"}
    if "signed in" in who:
        roles |= SIGNED_IN
    for role in ("employee", "manager", "HR", "org admin", "superusers"):
        if re.search(rf"\b{role}\b", who):
            roles.add(role)
    return roles


def matrix_roles() -> dict[str, set[str]]:
    """URL name → the roles of the demo users the matrix lets in."""
    roles: dict[str, set[str]] = {}
    for case in CASES:
        for actor, role in ROLE_OF.items():
            status = case.status_for(actor)
            anonymous_redirect = actor == "anonymous" and status == 302
            if status < 400 and (not anonymous_redirect or case.url_name in ANONYMOUS_MAY_POST):
                roles.setdefault(case.url_name, set()).add(role)
            else:
                roles.setdefault(case.url_name, set())
    for found in roles.values():
        if "everyone" in found:
            found |= SIGNED_IN
    return roles


def test_readme_lists_every_url_and_no_other():
    listed = set(readme_rows())
    patterns = set(url_patterns())
    assert sorted(patterns - listed) == [], "URLs missing from the README's table"
    assert sorted(listed - patterns) == [], "README rows for URLs that do not exist"


def test_readme_says_who_may_open_each_url_as_the_access_matrix_does():
    names = url_patterns()
    matrix = matrix_roles()
    wrong = []
    for url, who in readme_rows().items():
        name = names.get(url)
        if name is None or name == "admin" or name in SKIPPED:
            continue
        if named_roles(who) != matrix[name]:
            wrong.append((url, who, sorted(matrix[name])))
    assert wrong == []


def test_the_invitation_is_for_the_two_in_the_talk_not_for_hr():
    rows = readme_rows()
    for url in ("/conversations/<id>/invite.ics", "/conversations/<id>/letter.pdf"):
        assert "HR" not in rows[url]
        assert matrix_roles()[url_patterns()[url]] == {"employee", "manager"}


def draft_table() -> str:
    """The table's rows with the "who" the matrix gives (to start a new row from)."""
    matrix = matrix_roles()
    lines = []
    for url, name in url_patterns().items():
        roles = matrix.get(name, set())
        if "everyone" in roles:
            who = "everyone"
        elif roles == SIGNED_IN:
            who = "signed in"
        else:
            who = ", ".join(r for r in ("employee", "manager", "HR", "org admin") if r in roles)
        lines.append(f"| `{url}` | {name} | {who} |")
    return "\n".join(lines)
