"""The protocol of a signed document, and the registry of document kinds.

Every document that is signed in numbered versions (the POP, the conversation report; later the
competence scan and the department photo) implements ``SignedDocument`` in its own app and
registers the class in its ``AppConfig.ready``::

    from koers.signing import documents
    documents.register(PlanDocument)

koers.signing never imports those apps: the shared views find a document through its kind
(``kind`` in the URL pattern's kwargs) and talk to it through this protocol only.

What a document says about itself:

- whose file it is (``employee``: they sign first, as the employee);
- the snapshot of its content (``snapshot``) and how a snapshot reads (``display``,
  ``content_template`` on screen, ``pdf`` on paper);
- its titles and the words of the sign form (``wording``, ``title``);
- its URLs (``url``, ``sign_url``, ``paper_url``, ``versions_url``, ``version_pdf_url``,
  ``pdf_url``, and the optional ``submit_url``, ``withdraw_url``, ``correct_url``);
- who may sign as manager (``signs_as_manager``) and who reads drafts;
- its own actions, which check their own rules and write their own dossier log: ``sign`` and
  ``record_paper_signature``; and ``version_changed``, the one place where it mirrors the state of
  its newest version outside koers.signing (the report: the conversation's status).
"""

from __future__ import annotations

import abc
import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Prefetch
from django.utils.functional import Promise

from koers.signing.models import Party, Signature, Version, VersionStatus
from koers.signing.status import EMPLOYEE, MANAGER, READER, StatusText, status_text

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from koers.access.actor import Actor
    from koers.organisations.models import Employee
    from koers.signing.sealing import VerificationResult


@dataclass(frozen=True)
class Wording:
    """The words a document brings to the shared pages. Whole phrases, for the translators."""

    # "het plan", "het verslag": what the status explanations and messages call it
    the_document: Promise
    # "POP tekenen": the sign page's title when no version waits
    sign_title: Promise
    # "Wat er in het plan staat": heading above the content on the sign and paper pages
    content_heading: Promise
    # "Wat vindt u van dit plan?" and the employee's three choices
    question: Promise
    agreed: Promise
    seen: Promise
    correction: Promise
    # "Ik teken dit plan": the manager's only choice
    manager_signs: Promise
    # "Versies van het POP": the versions page
    versions_title: Promise


class SignedDocument(abc.ABC):
    """A document signed in numbered versions: what koers.signing needs to know about it."""

    kind: ClassVar[str]
    model: ClassVar[type[models.Model]]
    wording: ClassVar[Wording]
    # Shows ``doc`` (a displayed snapshot) on screen, for the sign and paper pages.
    content_template: ClassVar[str]
    # Style sheets the document's pages need (included in <head>); may be empty.
    assets_template: ClassVar[str] = ""
    # Does the employee read versions that are not frozen yet (the POP: the plan as it is
    # written; the report: only what is offered to them)?
    employee_reads_drafts: ClassVar[bool] = False

    def __init__(self, subject: models.Model) -> None:
        self.subject = subject

    # --- what the document says about itself ------------------------------------------------

    @property
    @abc.abstractmethod
    def employee(self) -> Employee:
        """Whose file the document is in: they sign as the employee."""

    @abc.abstractmethod
    def snapshot(self) -> dict[str, Any]:
        """Exactly the content that is frozen and signed, as plain JSON data."""

    @abc.abstractmethod
    def display(self, snapshot: dict[str, Any]) -> dict[str, Any]:
        """A stored snapshot made ready for templates (dates as dates, and the like)."""

    @abc.abstractmethod
    def pdf(
        self, request: HttpRequest, version: Version | None, verification: VerificationResult
    ) -> HttpResponse:
        """The document on paper: this version, or (None) the draft as it is now."""

    @abc.abstractmethod
    def title(self) -> str:
        """ "POP van Kees Bakker": the document, named for the breadcrumb."""

    @abc.abstractmethod
    def url(self) -> str: ...

    @abc.abstractmethod
    def sign_url(self) -> str: ...

    @abc.abstractmethod
    def paper_url(self) -> str: ...

    @abc.abstractmethod
    def versions_url(self) -> str: ...

    @abc.abstractmethod
    def version_pdf_url(self, number: int) -> str: ...

    @abc.abstractmethod
    def pdf_url(self) -> str: ...

    def draft_pdf_url(self) -> str | None:
        """Where the draft prints as it is now, when it does."""
        return None

    def submit_url(self) -> str | None:
        """Where the manager offers a draft for signing, when that is a button of its own."""
        return None

    def withdraw_url(self) -> str | None:
        """Where the manager takes a version back before the employee chose (POST with
        ``action=withdraw``), when the document allows it."""
        return None

    def correct_url(self) -> str | None:
        """Where the manager starts the next version after signing, when that is a step of
        its own (the POP starts it with any change)."""
        return None

    @abc.abstractmethod
    def signs_as_manager(self, actor: Actor) -> bool:
        """May this person sign as the manager (and enter a signature from paper)?"""

    # --- its actions: each checks its own rules and writes its own dossier log ------------

    @abc.abstractmethod
    def sign(self, actor: Actor, choice: str, remark: str = "") -> Version: ...

    @abc.abstractmethod
    def record_paper_signature(
        self, actor: Actor, choice: str, remark: str = "", *, signed_on: datetime.date
    ) -> Version: ...

    @abc.abstractmethod
    def log_versions_read(self, actor: Actor) -> None: ...

    @abc.abstractmethod
    def log_version_download(self, actor: Actor, version: Version) -> None: ...

    def version_changed(self, latest: Version | None) -> None:
        """Called by the workflow after every change of a version: the one place where the
        document mirrors its state somewhere else. Most documents derive it and do nothing."""
        return None

    # --- finding one -------------------------------------------------------------------------

    @classmethod
    @abc.abstractmethod
    def load(cls, actor: Actor, pk: int) -> SignedDocument:
        """The document at this URL for this reader; Http404 when they may not read it."""

    @classmethod
    def load_for_signing(cls, actor: Actor, pk: int) -> SignedDocument:
        """As ``load``, for the sign and paper pages. A document whose signing pages do not
        exist for anyone but the two who sign answers Http404 here."""
        return cls.load(actor, pk)

    # --- derived, the same for every document ------------------------------------------------

    def party_of(self, actor: Actor) -> str | None:
        if actor.employee_id is None:
            return None
        if actor.employee_id == self.employee.pk:
            return Party.EMPLOYEE
        if self.signs_as_manager(actor):
            return Party.MANAGER
        return None

    def role_of(self, actor: Actor) -> str:
        """employee / manager / reader, for the status texts."""
        return {Party.EMPLOYEE: EMPLOYEE, Party.MANAGER: MANAGER}.get(self.party_of(actor), READER)

    @cached_property
    def versions(self) -> list[Version]:
        """All versions, oldest first, with their signatures (two queries, once)."""
        prefetched = getattr(self.subject, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:
            return list(prefetched)
        return list(
            Version.objects.of(self.subject)
            .order_by("number")
            .prefetch_related(
                Prefetch(
                    "signatures",
                    queryset=Signature.objects.select_related("signed_by", "recorded_by"),
                )
            )
        )

    def forget_versions(self) -> None:
        """After a change: read the versions again (also past what the subject prefetched)."""
        self.__dict__.pop("versions", None)
        getattr(self.subject, "_prefetched_objects_cache", {}).pop("versions", None)

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    @property
    def status(self) -> StatusText:
        """The document's state: the status of its newest version."""
        return status_text(self.latest.status if self.latest else None)

    def current_signed(self) -> Version | None:
        """The newest signed version: what the personnel file holds."""
        return next((v for v in reversed(self.versions) if v.is_signed), None)

    def visible_versions(self, actor: Actor) -> list[Version]:
        """The manager reads every version; the employee what was offered to them (and the
        drafts, where the document says so); anyone else the signed versions only."""
        party = self.party_of(actor)
        if party == Party.MANAGER or (party == Party.EMPLOYEE and self.employee_reads_drafts):
            return self.versions
        if party == Party.EMPLOYEE:
            return [v for v in self.versions if v.snapshot is not None]
        return [v for v in self.versions if v.is_signed]

    def reads_signed_only(self, actor: Actor) -> bool:
        """HR and other readers see the current signed version (the personnel file), never a
        version being written or waiting for signatures."""
        return self.party_of(actor) is None

    def version_to_sign(self) -> Version | None:
        latest = self.latest
        if latest and latest.status in (VersionStatus.TO_SIGN, VersionStatus.EMPLOYEE_SIGNED):
            return latest
        return None

    def my_turn(self, actor: Actor) -> bool:
        version = self.version_to_sign()
        return version is not None and status_text(version.status).waits_for(self.role_of(actor))


_KINDS: dict[str, type[SignedDocument]] = {}


def register(document: type[SignedDocument]) -> type[SignedDocument]:
    """Called from the document app's ``AppConfig.ready``."""
    known = _KINDS.get(document.kind)
    if known is not None and known is not document:
        raise ValueError(f"Two signed documents of kind {document.kind!r}")
    _KINDS[document.kind] = document
    return document


def kind(name: str) -> type[SignedDocument]:
    return _KINDS[name]


def document_of(subject: models.Model) -> SignedDocument:
    """The signed document around a subject (a plan, a report)."""
    for document in _KINDS.values():
        if isinstance(subject, document.model):
            return document(subject)
    raise LookupError(f"{type(subject).__name__} is not a registered signed document")


def kinds() -> list[type[SignedDocument]]:
    return list(_KINDS.values())
