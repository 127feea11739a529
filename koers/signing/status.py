"""What a version's status says, to whom: one small object per VersionStatus.

Templates show ``status.label`` in a badge with ``status.css`` and the explanation for the reader's
role; they do not compare status strings. The explanation names the document ("het plan", "het
verslag") and the version number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.signing.models import VersionStatus

# Who reads: the employee whose file it is, the manager who signs after them, or anyone else
# who may read the document (HR, the personnel file).
EMPLOYEE = "employee"
MANAGER = "manager"
READER = "reader"


@dataclass(frozen=True)
class StatusText:
    status: VersionStatus
    explanations: dict[str, Promise]

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def css(self) -> str:
        return f"badge-{self.status.value}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def waits_for_employee(self) -> bool:
        return self.status == VersionStatus.TO_SIGN

    @property
    def waits_for_manager(self) -> bool:
        return self.status == VersionStatus.EMPLOYEE_SIGNED

    @property
    def is_signed(self) -> bool:
        return self.status == VersionStatus.SIGNED

    def waits_for(self, role: str | None) -> bool:
        """Is it this reader's turn to sign?"""
        return (role == EMPLOYEE and self.waits_for_employee) or (
            role == MANAGER and self.waits_for_manager
        )

    def explain(self, role: str | None, **values: Any) -> str:
        """The explanation for this reader; values: ``document``, ``number``, ``date``."""
        text = self.explanations.get(role or READER) or self.explanations[READER]
        return str(text) % values


_SIGNED = _(
    "Versie %(number)s is door allebei getekend op %(date)s. Deze versie verandert niet meer."
)

STATUSES: dict[str, StatusText] = {
    status.value: text
    for status, text in (
        (
            VersionStatus.DRAFT,
            StatusText(
                VersionStatus.DRAFT,
                {
                    EMPLOYEE: _(
                        "Uw leidinggevende schrijft %(document)s. U krijgt het daarna te lezen en "
                        "te tekenen."
                    ),
                    MANAGER: _(
                        "Versie %(number)s is nog een concept. U schrijft %(document)s en zet het "
                        "daarna klaar om te tekenen."
                    ),
                    READER: _("Versie %(number)s is nog een concept."),
                },
            ),
        ),
        (
            VersionStatus.TO_SIGN,
            StatusText(
                VersionStatus.TO_SIGN,
                {
                    EMPLOYEE: _(
                        "Versie %(number)s staat klaar. Lees het en kies: akkoord, voor gezien of "
                        "correctie gevraagd. Daarna tekent uw leidinggevende."
                    ),
                    MANAGER: _("De medewerker leest versie %(number)s en tekent eerst, daarna u."),
                    READER: _(
                        "Versie %(number)s staat klaar. Eerst tekent de medewerker, daarna de "
                        "leidinggevende."
                    ),
                },
            ),
        ),
        (
            VersionStatus.EMPLOYEE_SIGNED,
            StatusText(
                VersionStatus.EMPLOYEE_SIGNED,
                {
                    EMPLOYEE: _("U heeft gekozen. Nu tekent uw leidinggevende."),
                    MANAGER: _(
                        "De medewerker heeft gekozen. Teken nu; daarna verandert deze versie "
                        "niet meer."
                    ),
                    READER: _("De medewerker heeft getekend. Nu tekent de leidinggevende."),
                },
            ),
        ),
        (
            VersionStatus.SIGNED,
            StatusText(
                VersionStatus.SIGNED,
                {
                    MANAGER: _(
                        "Versie %(number)s is door allebei getekend op %(date)s. Deze versie "
                        "verandert niet meer. Wie %(document)s daarna wijzigt, maakt een nieuwe "
                        "versie."
                    ),
                    READER: _SIGNED,
                },
            ),
        ),
        (
            VersionStatus.CORRECTION,
            StatusText(
                VersionStatus.CORRECTION,
                {
                    READER: _(
                        "Bij versie %(number)s is om een correctie gevraagd. De leidinggevende "
                        "maakt een nieuwe versie."
                    )
                },
            ),
        ),
    )
}


def status_text(status: str | None) -> StatusText:
    """The status object of a status value; a document without versions reads as a draft."""
    return STATUSES[status or VersionStatus.DRAFT]
