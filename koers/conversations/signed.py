"""The conversation report as a signed document (koers.signing's protocol); registered in
``ConversationsConfig.ready``.

The report's URLs hang off the conversation (``/conversations/<id>/report/…``). Its signing pages
exist only for the two people in the talk: to anyone else they are a 404, even to HR, who reads
the signed report.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.access.views import get_visible_or_404
from koers.conversations.models import Conversation, Report
from koers.organisations.models import Employee
from koers.signing.documents import SignedDocument, Wording
from koers.signing.models import Version
from koers.signing.sealing import VerificationResult


class ReportDocument(SignedDocument):
    kind = "conversation_report"
    model = Report
    wording = Wording(
        the_document=_("het verslag"),
        sign_title=_("Verslag tekenen"),
        content_heading=_("Wat er in het verslag staat"),
        question=_("Wat vindt u van dit verslag?"),
        agreed=_("Akkoord: ik ben het eens met dit verslag"),
        seen=_("Voor gezien: ik heb het gelezen, maar ben het niet helemaal eens"),
        correction=_("Correctie gevraagd: er moet iets anders in"),
        manager_signs=_("Ik teken dit verslag"),
        versions_title=_("Versies van het gespreksverslag"),
    )
    content_template = "conversations/_report_document.html"
    assets_template = "conversations/_assets.html"

    subject: Report

    @property
    def report(self) -> Report:
        return self.subject

    @property
    def conversation(self) -> Conversation:
        return self.report.conversation

    @property
    def employee(self) -> Employee:
        return self.conversation.employee

    def snapshot(self) -> dict[str, Any]:
        from koers.conversations.reports import report_document

        return report_document(self.report)

    def display(self, snapshot: dict[str, Any]) -> dict[str, Any]:
        from koers.conversations.reports import with_dates

        return with_dates(snapshot)

    def pdf(
        self, request: HttpRequest, version: Version | None, verification: VerificationResult
    ) -> HttpResponse:
        from koers.conversations.reports import render_pdf_of

        return render_pdf_of(request, self.report, version, verification)

    def title(self) -> str:
        return gettext("Gespreksverslag · %(name)s") % {"name": self.employee.full_name}

    def _url(self, name: str, *args: Any) -> str:
        return reverse(name, args=[self.conversation.pk, *args])

    def url(self) -> str:
        return self._url("conversation-report")

    def sign_url(self) -> str:
        return self._url("conversation-report-sign")

    def paper_url(self) -> str:
        return self._url("conversation-report-sign-paper")

    def versions_url(self) -> str:
        return self._url("conversation-report-versions")

    def version_pdf_url(self, number: int) -> str:
        return self._url("conversation-report-version-pdf", number)

    def pdf_url(self) -> str:
        return self._url("conversation-report-pdf")

    def withdraw_url(self) -> str:
        return self._url("conversation-report")

    def correct_url(self) -> str:
        return self._url("conversation-report-correct")

    def signs_as_manager(self, actor: Actor) -> bool:
        """The employee's current manager (``is_current_manager``, from the actor's teams)."""
        team_id = self.employee.team_id
        return (
            team_id is not None
            and team_id in actor.led_team_ids
            and actor.employee_id != self.employee.pk
        )

    def sign(self, actor: Actor, choice: str, remark: str = "") -> Version:
        from koers.conversations.actions import report as actions

        return actions.sign_report(actor, self.report, choice, remark)

    def record_paper_signature(
        self, actor: Actor, choice: str, remark: str = "", *, signed_on: datetime.date
    ) -> Version:
        from koers.conversations.actions import report as actions

        return actions.record_paper_signature(
            actor, self.report, choice, remark, signed_on=signed_on
        )

    def log_versions_read(self, actor: Actor) -> None:
        from koers.conversations.actions import report as actions

        actions.record_read(actor, self.report, "report.versions_read")

    def log_version_download(self, actor: Actor, version: Version) -> None:
        from koers.conversations.actions import report as actions

        actions.record_download(actor, self.report, version)

    def version_changed(self, latest: Version | None) -> None:
        from koers.conversations.reports import follow_report

        follow_report(self.report, latest)

    @classmethod
    def _of_conversation(cls, actor: Actor, pk: int) -> ReportDocument | None:
        conversation = get_visible_or_404(
            Conversation.objects.select_related(
                "employee__team", "manager", "conversation_type", "organisation", "template"
            ),
            actor,
            pk=pk,
        )
        report = Report.objects.visible_to(actor).filter(conversation=conversation).first()
        if report is None:
            return None
        report.conversation = conversation
        return cls(report)

    @classmethod
    def load(cls, actor: Actor, pk: int) -> ReportDocument:
        """The report of conversation ``pk``: the two people in the talk; HR once signed."""
        document = cls._of_conversation(actor, pk)
        if document is None or not document.visible_versions(actor):
            raise Http404
        return document

    @classmethod
    def load_for_signing(cls, actor: Actor, pk: int) -> ReportDocument:
        document = cls._of_conversation(actor, pk)
        if document is None or document.party_of(actor) is None:
            raise Http404
        return document
