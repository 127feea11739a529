"""The words and pictures of each theme: one place, used by the screens and the PDFs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from koers.cards.models import ItemKind, Theme


@dataclass(frozen=True)
class ThemeInfo:
    value: str
    label: Promise
    intro: Promise
    wish_example: Promise
    agreement_example: Promise

    @property
    def pictogram(self) -> str:
        return f"cards/{self.value}.svg"

    @property
    def pictogram_svg(self) -> str:
        return pictogram_markup(self.value)


THEMES: dict[str, ThemeInfo] = {
    Theme.GROEI: ThemeInfo(
        Theme.GROEI,
        Theme.GROEI.label,
        _("Groei gaat over leren. Wat wilt u leren? Wat wilt u beter kunnen in uw werk?"),
        _("Bijvoorbeeld: ik wil leren werken met de heftruck."),
        _("Bijvoorbeeld: ik loop twee dagen mee met Ali. Ali helpt. In maart."),
    ),
    Theme.GEZOND: ThemeInfo(
        Theme.GEZOND,
        Theme.GEZOND.label,
        _("Gezond gaat over fit blijven in uw werk. Wat helpt u om goed te kunnen werken?"),
        _("Bijvoorbeeld: meer bewegen, minder tillen of vaste pauzes."),
        _("Bijvoorbeeld: ik krijg een tafel die omhoog kan. Sanne regelt het. Voor de zomer."),
    ),
    Theme.PLEZIER: ThemeInfo(
        Theme.PLEZIER,
        Theme.PLEZIER.label,
        _("Plezier gaat over wat u leuk vindt aan uw werk. Waar wordt u blij van?"),
        _("Bijvoorbeeld: ik wil vaker samen met mijn team werken."),
        _("Bijvoorbeeld: ik mag één dag per week in de kantine helpen. Vanaf mei."),
    ),
}

# Said in plain words on every gezond screen and on the paper card (AVG art. 9).
HEALTH_WARNING = _(
    "Schrijf hier niet over ziekte, een diagnose, zwangerschap of waarom u ziek was. "
    "Dat is privé. Dat hoort niet op deze kaart. "
    "Schrijf wel wat u helpt om fit te blijven. Bijvoorbeeld: meer bewegen, minder tillen, "
    "vaste pauzes."
)

QUESTIONS: dict[str, Promise] = {
    ItemKind.WISH: ItemKind.WISH.label,
    ItemKind.AGREEMENT: ItemKind.AGREEMENT.label,
}

# The card is filled theme by theme, one question per screen: (theme, kind) in order.
STEPS: list[tuple[str, str]] = [(theme, kind) for theme in Theme for kind in ItemKind]


@cache
def pictogram_markup(theme: str) -> str:
    """The theme's SVG as inline markup, for the PDFs: WeasyPrint then fetches nothing."""
    path = finders.find(THEMES[theme].pictogram)
    with open(path, encoding="utf-8") as handle:
        return mark_safe(handle.read())  # noqa: S308 - our own static file
