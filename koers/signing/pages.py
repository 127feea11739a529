"""What the signing parts of a document's pages show: the status box and the rows of versions.

Built here, from the document and the reader, so that templates only show what they are given
(``signing/_status_box.html``, ``signing/_versions_table.html``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from koers.access.actor import Actor
from koers.signing.documents import SignedDocument
from koers.signing.models import Choice, Signature, Version
from koers.signing.sealing import VerificationResult, check_version
from koers.signing.status import MANAGER, READER, StatusText, status_text


def _explained(status: StatusText, role: str, document: SignedDocument, version: Version) -> str:
    signed_at = version.signed_at
    return status.explain(
        role,
        document=document.wording.the_document,
        number=version.number,
        date=date_format(timezone.localtime(signed_at), "j F Y") if signed_at else "",
    )


@dataclass(frozen=True)
class StatusBox:
    document: SignedDocument
    role: str
    latest: Version | None
    status: StatusText
    explanation: str
    verification: VerificationResult
    my_turn: bool
    # The employee asked for a correction of the previous version: their remark.
    correction: Signature | None
    # The signed version that stays valid while a newer one is written or signed.
    last_signed: Version | None
    last_signed_url: str | None
    # The manager's steps, when the document has them and the state allows them.
    submit_url: str | None
    withdraw_url: str | None
    correct_url: str | None
    # The employee signs the printed version on paper; the manager enters it.
    print_url: str | None
    paper_url: str | None
    sign_url: str | None

    @property
    def has_signatures(self) -> bool:
        return self.latest is not None and bool(self.latest.signatures.all())


def status_box(document: SignedDocument, actor: Actor, *, inline_sign: bool = False) -> StatusBox:
    """The box on the document's page: where signing stands, for this reader, and their next
    step. ``inline_sign``: the page shows the sign form itself, so no link to it."""
    role = document.role_of(actor)
    # The two who sign follow the newest version (the employee too, while the manager writes
    # it); anyone else stands on the newest version they may read.
    versions = document.versions if role != READER else document.visible_versions(actor)
    latest = versions[-1] if versions else None
    status = status_text(latest.status if latest else None)
    manager = role == MANAGER
    previous = versions[-2] if len(versions) > 1 else None
    requested = previous.employee_signature if previous and status.is_draft else None
    last_signed = None
    if latest is not None and not status.is_signed:
        last_signed = next((v for v in reversed(versions) if v.is_signed), None)
    frozen = latest is not None and latest.snapshot is not None
    my_turn = document.my_turn(actor)
    return StatusBox(
        document=document,
        role=role,
        latest=latest,
        status=status,
        explanation=_explained(status, role, document, latest) if latest else "",
        # The version the page stands on: the frozen one, else the signed one that holds.
        verification=check_version(actor, latest if frozen else last_signed),
        my_turn=my_turn,
        correction=requested if requested and requested.choice == Choice.CORRECTION else None,
        last_signed=last_signed,
        last_signed_url=document.version_pdf_url(last_signed.number) if last_signed else None,
        submit_url=document.submit_url() if manager and status.is_draft else None,
        withdraw_url=document.withdraw_url() if manager and status.waits_for_employee else None,
        correct_url=document.correct_url() if manager and status.is_signed else None,
        print_url=(
            document.version_pdf_url(latest.number)
            if manager and latest and status.waits_for_employee
            else None
        ),
        paper_url=document.paper_url() if manager and status.waits_for_employee else None,
        sign_url=document.sign_url() if my_turn and not inline_sign else None,
    )


@dataclass(frozen=True)
class VersionRow:
    version: Version
    verification: VerificationResult
    pdf_url: str | None

    @property
    def status(self) -> StatusText:
        return status_text(self.version.status)


def version_rows(document: SignedDocument, actor: Actor) -> list[VersionRow]:
    """The versions this reader may see, newest first, each checked."""
    return [
        VersionRow(
            version=version,
            verification=check_version(actor, version),
            pdf_url=(
                document.version_pdf_url(version.number)
                if version.snapshot is not None
                else document.draft_pdf_url()
            ),
        )
        for version in reversed(document.visible_versions(actor))
    ]
