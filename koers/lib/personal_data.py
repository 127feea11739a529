"""The register of personal data (AVG art. 30): every table Koers keeps, what in it is
personal, why it is kept and how long (issue 16).

Every app declares its own tables in ``koers/<app>/personal_data.py`` as ``TABLES``; the
privacy app collects them (``koers.privacy.register``) for the works-council page, the
"alles over mij" export and ``koers retention``, and a test fails when a model or one of its
fields is missing. A table names the path from its rows to the person whose data they are
(``person``): the retention job deletes that person's rows along it, the export reads them
along it. The texts are codes here and sentences only when shown (in the reader's language).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Why Koers keeps it."""

    IDENTITY = "identity", _("weten om wie het gaat en wie wat mag zien")
    CONTACT = "contact", _("de medewerker uitnodigen en berichten sturen")
    EMPLOYMENT = "employment", _("gesprekken en het POP passend bij de functie en het contract")
    OPTIONAL = (
        "optional",
        _("de persoonlijke gegevens op het POP (alleen als de organisatie dat kiest)"),
    )
    CONVERSATION = "conversation", _("het ontwikkelgesprek voorbereiden, voeren en vastleggen")
    PLAN = "plan", _("het persoonlijk ontwikkelingsplan (POP) en de afspraken daarin")
    CARD = "card", _("de gesprekskaart en wat de medewerker met het team deelt")
    SIGNING = "signing", _("vastleggen wat beide partijen hebben getekend")
    FOLLOW_UP = "follow_up", _("herinneringen en de opvolging van afspraken")
    LOGIN = "login", _("inloggen en het account beveiligen")
    SECURITY = "security", _("raden van wachtwoorden en codes tegengaan")
    RIGHTS = "rights", _("de rechten van de medewerker: inzage en correctie (AVG art. 15 en 16)")
    AUDIT = "audit", _("bijhouden wie wat in een dossier deed of las")
    IMPORT = "import", _("medewerkers uit een bestand inlezen")


class Keep(models.TextChoices):
    """How long."""

    FILE = "file", _("tot de bewaartermijn na uit dienst is verstreken, dan verwijderd")
    LOGIN = "login", _("zolang de login bestaat; verwijderd met het dossier")
    IMPORT = "import", _("7 dagen na het inlezen")
    HOUR = "hour", _("ongeveer een uur")
    SESSION = "session", _("tot de sessie verloopt")
    PSEUDONYMOUS = (
        "pseudonymous",
        _("blijft, maar na de bewaartermijn zonder naam of andere gegevens van de persoon"),
    )
    NONE = "none", _("geen persoonsgegevens")


@dataclass(frozen=True)
class Table:
    """One model in the register.

    - ``person``: the lookup from a row to the Employee whose data it is (``"employee"``,
      ``"point__plan__employee"``); empty when a row is nobody's file (configuration,
      the organisation's own lists).
    - ``personal``: the fields that hold data about that person.
    - ``references``: fields that name *another* person, as the one who did something
      (``created_by``, ``manager``): kept when that person's file goes, pointing at their
      anonymised record.
    - ``other``: the rest (ids, codes, counts, timestamps of the row): no personal data.

    Every concrete field of the model is in exactly one of the three (a test checks it).
    """

    model: str
    purpose: Purpose
    keep: Keep
    person: str = ""
    personal: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    # How the works-council page names it, when the model's own name will not do (the
    # login libraries' tables are named in English).
    label: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return self.personal + self.references + self.other
