"""Helpers of the audit tests: the demo's set-up has recorded events of its own."""

from __future__ import annotations

from koers.audit.models import AuditEvent


def recorded_here():
    """The events these tests recorded (the demo's set-up recorded its own before)."""
    return AuditEvent.objects.filter(verb__startswith="test.")


def head_seq(organisation_id: int) -> int:
    """The sequence number of the organisation's last event (0 for an empty chain)."""
    last = AuditEvent.objects.filter(organisation_id=organisation_id).order_by("-seq").first()
    return last.seq if last else 0
