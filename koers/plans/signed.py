"""The POP as a signed document (koers.signing's protocol); registered in ``PlansConfig.ready``.

The shared pages (sign, paper, versions, a version's PDF) reach the plan through this; the
plan's own rules are in ``koers.plans.policy``, its changes and dossier log in
``koers.plans.actions``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.access import policy
from koers.access.actor import Actor
from koers.organisations.models import Employee
from koers.plans import document as plan_document
from koers.plans import queries
from koers.plans.models import DevelopmentPlan
from koers.signing.documents import SignedDocument, Wording
from koers.signing.models import Version
from koers.signing.sealing import VerificationResult


class PlanDocument(SignedDocument):
    kind = "pop"
    model = DevelopmentPlan
    wording = Wording(
        the_document=_("het plan"),
        sign_title=_("POP tekenen"),
        content_heading=_("Wat er in het plan staat"),
        question=_("Wat vindt u van dit plan?"),
        agreed=_("Akkoord: ik ben het eens met dit plan"),
        seen=_("Voor gezien: ik heb het gelezen, maar ben het niet helemaal eens"),
        correction=_("Correctie gevraagd: er moet iets veranderen"),
        manager_signs=_("Ik teken dit plan"),
        versions_title=_("Versies van het POP"),
    )
    content_template = "plans/_plan_document.html"
    assets_template = "plans/_assets.html"
    # The employee reads the plan as it is written, not only what is offered to them.
    employee_reads_drafts = True

    subject: DevelopmentPlan

    @property
    def plan(self) -> DevelopmentPlan:
        return self.subject

    @property
    def employee(self) -> Employee:
        return self.plan.employee

    def snapshot(self) -> dict[str, Any]:
        loaded = queries.with_content(DevelopmentPlan.objects.all()).get(pk=self.plan.pk)
        return plan_document.plan_document(loaded)

    def display(self, snapshot: dict[str, Any]) -> dict[str, Any]:
        return plan_document.with_dates(snapshot)

    def pdf(
        self, request: HttpRequest, version: Version | None, verification: VerificationResult
    ) -> HttpResponse:
        if version is None:
            return plan_document.render(
                request,
                self.plan,
                plan_document.plan_document(self.plan),
                None,
                verification,
                is_concept=True,
            )
        return plan_document.render(
            request,
            self.plan,
            version.snapshot,
            version,
            verification,
            is_concept=not version.is_signed,
            suffix=f"-v{version.number}",
        )

    def title(self) -> str:
        return gettext("POP van %(name)s") % {"name": self.employee.full_name}

    def _url(self, name: str, *args: Any) -> str:
        return reverse(name, args=[self.plan.pk, *args])

    def url(self) -> str:
        return self._url("plan-detail")

    def sign_url(self) -> str:
        return self._url("plan-sign")

    def paper_url(self) -> str:
        return self._url("plan-sign-paper")

    def versions_url(self) -> str:
        return self._url("plan-versions")

    def version_pdf_url(self, number: int) -> str:
        return self._url("plan-version-pdf", number)

    def pdf_url(self) -> str:
        return self._url("plan-pdf")

    def draft_pdf_url(self) -> str:
        return self._url("plan-pdf")

    def submit_url(self) -> str:
        return self._url("plan-submit")

    def signs_as_manager(self, actor: Actor) -> bool:
        return policy.allows(actor, "edit", self.plan)

    def sign(self, actor: Actor, choice: str, remark: str = "") -> Version:
        from koers.plans import actions  # the actions sign through this document

        return actions.sign_plan(actor, self.plan, choice, remark)

    def record_paper_signature(
        self, actor: Actor, choice: str, remark: str = "", *, signed_on: datetime.date
    ) -> Version:
        from koers.plans import actions  # the actions sign through this document

        return actions.record_paper_signature(actor, self.plan, choice, remark, signed_on=signed_on)

    def log_versions_read(self, actor: Actor) -> None:
        from koers.plans import actions  # the actions sign through this document

        actions.record_read(actor, self.plan, "plan.versions_read")

    def log_version_download(self, actor: Actor, version: Version) -> None:
        from koers.plans import actions  # the actions sign through this document

        number = version.number
        actions.record_download(actor, self.plan, "plan.version_downloaded", number=number)

    @classmethod
    def load(cls, actor: Actor, pk: int) -> PlanDocument:
        return cls(queries.plan_for_page(actor, pk))
