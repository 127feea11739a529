"""One form of address (issue 14, item 2): Koers speaks to people as "u" and never mixes "u"
and "je" on one screen. Every Dutch text of the screens is a msgid of the catalogue; the
default conversation templates are seeded as plain text. Neither may hold "je", "jij",
"jou", "jouw" or "jezelf". (Quoted source text in comments is not read.)"""

from __future__ import annotations

import re

from koers.conversations import defaults
from tests.test_translations import PO, _msgids

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)


def _default_texts() -> list[str]:
    texts = [t.description for t in defaults.TYPES]
    texts += [p.guidance for p in defaults.PHASES]
    for questions in (
        defaults.EMPLOYEE_QUESTIONS,
        defaults.MANAGER_QUESTIONS,
        defaults.STRENGTHS_QUESTIONS,
        defaults.INFORMATION_QUESTIONS,
    ):
        texts += [q.text for q in questions] + [q.help_text for q in questions]
    return texts


def test_no_screen_text_says_je():
    informal = sorted(m for m in _msgids(PO) if INFORMAL.search(m))
    assert informal == [], "these texts say je instead of u:\n" + "\n".join(informal)


def test_the_default_templates_say_u():
    informal = [t for t in _default_texts() if INFORMAL.search(t)]
    assert informal == [], "these template texts say je instead of u:\n" + "\n".join(informal)
