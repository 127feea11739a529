"""Audit events: who did or read what in whose file, as a verb code plus parameters.

Nothing Koers says is stored here: an event is rendered in the reader's language when it is
shown (``describe``). The events of one organisation form a hash chain (``koers.audit.chain``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.audit import verbs
from koers.organisations.models import Employee, Organisation, Role

if TYPE_CHECKING:
    from koers.access.actor import Actor


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> AuditEventQuerySet:
        """Events about a person (also those that list them, ``EventPerson``): that person,
        and HR of their organisation."""
        if actor.organisation_id is None or actor.employee_id is None:
            return self.none()
        if actor.has_role(Role.HR):
            return self.filter(organisation_id=actor.organisation_id)
        # A person's events are all of their organisation (``record`` checks it): searching
        # by organisation too would make the database walk the organisation's events.
        return self.filter(_about(actor.employee_id))

    def of_file(self, employee_id: int) -> AuditEventQuerySet:
        """The dossier log of one person's file, newest first: the events about it, and the
        events about many files that list it (an export, ``EventPerson``)."""
        return self.filter(_about(employee_id)).order_by("-seq")


def _about(employee_id: int) -> Q:
    """The events of a file: a UNION of two index searches (the file's own events and the
    exports that list it). An OR of the two would make the database read the organisation's
    events whole (tests/test_query_plans.py)."""
    own = AuditEvent.objects.filter(employee_id=employee_id).order_by().values("pk")
    listed = EventPerson.objects.filter(employee_id=employee_id).order_by().values("event_id")
    return Q(pk__in=own.union(listed, all=True))


class AuditEvent(models.Model):
    """One append-only event; ``seq``, ``prev_hash`` and ``hash`` chain it to the one before.

    Append-only is the database's job (migration 0002): on SQLite and PostgreSQL a trigger
    refuses every UPDATE of a row, whether from ``save()``, ``QuerySet.update()`` or raw SQL,
    and every DELETE while the event's organisation exists. So ``delete()`` fails too, and so
    does deleting an employee or an organisation through the ORM (``PROTECT``: Django would
    otherwise delete the events first).

    The one way out is the whole organisation: once its row is gone (foreign keys are checked
    at commit), its events may be deleted in the same transaction. That is the shape of the
    coming retention path (erasing an organisation's data) and of a test flush:

    - PostgreSQL: Django's flush is TRUNCATE, which fires no row triggers.
    - SQLite: the flush is a DELETE per table in no fixed order, so the test set-up
      (``conftest.py``, ``transactional_db``) deletes the organisations first.

    Retention for one person (anonymising after the retention period) keeps their Employee row
    and so their events; erasing an organisation's history is left to a dedicated path.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField(_("volgnummer"))
    actor = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
        help_text=_("Leeg: Koers zelf (een automatische taak)."),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("dossier van"),
    )
    verb = models.CharField(_("wat"), max_length=64)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("wanneer"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(_("SHA-256"), max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("logregel")
        verbose_name_plural = _("logregels")
        ordering = ["organisation", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "seq"], name="audit_seq_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(subject_type__isnull=True, subject_id__isnull=True)
                | Q(subject_type__isnull=False, subject_id__isnull=False),
                name="audit_subject_has_type_and_id",
            ),
        ]
        indexes = [models.Index(fields=["employee", "seq"], name="audit_file_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb}"

    def describe(self) -> str:
        """What happened, in the active language (the actor is shown separately)."""
        try:
            return verbs.get(self.verb).render(self.params)
        except verbs.UnknownVerb:
            return self.verb


class EventPerson(models.Model):
    """A person whose file an event about many files included: an export lists everyone in
    it, so that each of them finds it in "Wie keek in mijn dossier?".

    Written with the event (``koers.audit.events.record``, ``people=``) and append-only like
    it (migration 0004). The event's parameters carry the number of people.
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="people")
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("dossier van")
    )

    class Meta:
        verbose_name = _("opgenomen dossier")
        verbose_name_plural = _("opgenomen dossiers")
        constraints = [
            models.UniqueConstraint(fields=["event", "employee"], name="audit_person_once")
        ]
        indexes = [models.Index(fields=["employee", "event"], name="audit_person_file_idx")]

    def __str__(self) -> str:
        return f"#{self.event_id} {self.employee_id}"
