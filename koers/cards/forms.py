from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.access.once import OnceField
from koers.cards.actions import PaperLine
from koers.cards.models import ItemKind, NameDisplay, Theme
from koers.cards.queries import PAPER_LINES
from koers.cards.themes import THEMES
from koers.lib.concurrency import RevisionFormMixin
from koers.lib.forms import KoersForm
from koers.plans.models import Category

# Words that point at health details (AVG art. 9). A soft guard on the gezond theme: the
# employee is asked to write about working conditions instead.
HEALTH_DETAIL_WORDS = re.compile(
    r"\b(ziek\w*|zwanger\w*|diagnose\w*|burn-?out|depressi\w*|kanker|operatie\w*|"
    r"medicijn\w*|therapie\w*|verzuim\w*|hernia|suikerziekte|diabetes|ziekenhuis\w*)\b",
    re.IGNORECASE,
)
HEALTH_DETAIL_ERROR = _(
    "Dit lijkt over ziekte of een behandeling te gaan. Dat is privé en hoort niet op de kaart. "
    "Schrijf op wat u helpt in uw werk, bijvoorbeeld: minder tillen of vaste pauzes."
)


def check_health_words(theme: str, text: str) -> None:
    if theme == Theme.GEZOND and HEALTH_DETAIL_WORDS.search(text or ""):
        raise forms.ValidationError(HEALTH_DETAIL_ERROR)


class CardItemForm(RevisionFormMixin, KoersForm):
    """One wish or agreement. The labels are the card's own words."""

    what = forms.CharField(
        label=_("Wat?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf eerst iets op.")},
    )
    who_helps = forms.CharField(label=_("Wie helpt?"), max_length=200, required=False)
    when = forms.CharField(label=_("Wanneer?"), max_length=100, required=False)

    def __init__(
        self, *args: Any, theme: str, kind: str, linked: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.theme = theme
        info = THEMES[theme]
        if linked:
            # The text of an agreement in the POP changes in the POP (one source of truth).
            del self.fields["what"]
            return
        if kind == ItemKind.WISH:
            del self.fields["who_helps"]
            del self.fields["when"]
            self.fields["what"].label = _("Wat wil ik?")
            self.fields["what"].help_text = info.wish_example
        else:
            self.fields["what"].label = _("Wat gaan we doen?")
            self.fields["what"].help_text = info.agreement_example

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("what", "who_helps", "when"):
            try:
                check_health_words(self.theme, data.get(name, ""))
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data


class NewCardItemForm(CardItemForm):
    """A new wish or agreement: the item form with its one-time token."""

    once = OnceField()


class HealthShareForm(KoersForm):
    """The second, explicit confirmation before a gezond item goes on the teamkaart."""

    confirm = forms.BooleanField(
        label=_("Ja, mijn team mag dit zien."),
        error_messages={"required": _("Zet een vinkje als u dit echt wilt delen.")},
    )


class TeamCardSettingsForm(RevisionFormMixin, KoersForm):
    name_display = forms.ChoiceField(
        label=_("Welke namen staan op de teamkaart?"),
        choices=NameDisplay.choices,
        widget=forms.RadioSelect,
    )


class TeamAgreementForm(KoersForm):
    theme = forms.ChoiceField(label=_("Thema"), choices=Theme.choices)
    once = OnceField()
    text = forms.CharField(
        label=_("Wat spreken we samen af?"),
        max_length=300,
        error_messages={"required": _("Schrijf eerst iets op.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            check_health_words(data.get("theme", ""), data.get("text", ""))
        except forms.ValidationError as error:
            self.add_error("text", error)
        return data


class PaperCardForm(KoersForm):
    """All three themes of a filled paper card on one screen: three wish lines and three
    agreement lines per theme, as on the printed card. Empty lines are skipped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.layout: list[dict[str, Any]] = []
        for theme in Theme:
            info = THEMES[theme]
            rows: dict[str, list[tuple[str, list[str]]]] = {
                ItemKind.WISH: [],
                ItemKind.AGREEMENT: [],
            }
            for kind in ItemKind:
                for number in range(1, PAPER_LINES + 1):
                    prefix = f"{theme}-{kind}-{number}"
                    kind_word = _("wens") if kind == ItemKind.WISH else _("afspraak")
                    legend = f"{info.label} – {kind_word} {number}"
                    names = [f"{prefix}-what"]
                    self.fields[f"{prefix}-what"] = forms.CharField(
                        label=_("Wat?"), max_length=500, required=False
                    )
                    if kind == ItemKind.AGREEMENT:
                        self.fields[f"{prefix}-who"] = forms.CharField(
                            label=_("Wie helpt?"), max_length=200, required=False
                        )
                        self.fields[f"{prefix}-when"] = forms.CharField(
                            label=_("Wanneer?"), max_length=100, required=False
                        )
                        names += [f"{prefix}-who", f"{prefix}-when"]
                    if theme != Theme.GEZOND:
                        self.fields[f"{prefix}-shared"] = forms.BooleanField(
                            label=_("Delen met het team (aangekruist op papier)"), required=False
                        )
                        names.append(f"{prefix}-shared")
                    rows[kind].append((legend, names))
            self.layout.append(
                {
                    "info": info,
                    "rows": [
                        {"legend": legend, "fields": [self[name] for name in names]}
                        for kind in ItemKind
                        for legend, names in rows[kind]
                    ],
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str) and value:
                try:
                    check_health_words(name.split("-", 1)[0], value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def lines(self) -> list[PaperLine]:
        data = self.cleaned_data
        found = []
        for theme in Theme:
            for kind in ItemKind:
                for number in range(1, PAPER_LINES + 1):
                    prefix = f"{theme}-{kind}-{number}"
                    what = data.get(f"{prefix}-what", "").strip()
                    if not what:
                        continue
                    found.append(
                        PaperLine(
                            theme=theme,
                            kind=kind,
                            what=what,
                            who_helps=data.get(f"{prefix}-who", ""),
                            when=data.get(f"{prefix}-when", ""),
                            shared_on_paper=bool(data.get(f"{prefix}-shared")),
                        )
                    )
        return found


# A suggested name for the POP point: the start of the agreement, cut at a word.
TITLE_LENGTH = 80


def title_from(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_LENGTH:
        return text.rstrip(".")
    return text[:TITLE_LENGTH].rsplit(" ", 1)[0] + " …"


class CardToPlanForm(KoersForm):
    """The manager puts a card agreement in the POP: which kind of point, and a short name.
    The agreement's text becomes the point's goal (not asked: it is not typed twice)."""

    category = forms.ChoiceField(
        label=_("In welk deel van het POP?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies waar het in het POP komt.")},
    )
    title = forms.CharField(
        label=_("Korte naam van het aandachtspunt"),
        max_length=200,
        error_messages={"required": _("Geef het punt een korte naam.")},
    )


class PointToCardForm(KoersForm):
    """A POP point on the card, as an agreement in groei or plezier (never gezond)."""

    point = forms.ModelChoiceField(
        label=_("Welk punt uit het POP?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Kies een punt uit het POP.")},
    )
    theme = forms.ChoiceField(
        label=_("Bij welk thema op de kaart?"),
        choices=[(Theme.GROEI, Theme.GROEI.label), (Theme.PLEZIER, Theme.PLEZIER.label)],
        initial=Theme.GROEI,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = points
        self.fields["point"].label_from_instance = lambda point: point.goal or point.title
