"""The follow-up actions keep the contract: a refused actor changes nothing; a change, and
each ``koers remind`` run per organisation, is logged as one event (never the typed text)."""

from __future__ import annotations

import pytest

from koers.access.actor import Actor
from koers.audit.models import AuditEvent
from koers.followup import actions, outbox
from koers.followup.actions import outbox as outbox_actions
from koers.followup.models import CheckIn, ConversationInterval, Notice
from koers.lib.errors import NotAllowed
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation
from koers.plans.demo import KEES
from koers.plans.models import DevelopmentPlan

pytestmark = pytest.mark.django_db


def person(number: str) -> Employee:
    return Employee.objects.select_related("team").get(
        organisation__slug="demo-werkbedrijf", personnel_number=number
    )


def test_hr_writes_no_progress_note_and_nothing_changes(full_demo):
    plan = DevelopmentPlan.objects.get(employee__personnel_number=KEES)
    notes, events = CheckIn.objects.count(), AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        actions.add_check_in(
            actor_for(person("D-hr")), plan, point_id=plan.points.first().pk, text="Nee."
        )
    assert (CheckIn.objects.count(), AuditEvent.objects.count()) == (notes, events)


def test_a_colleague_agrees_no_interval_and_nothing_changes(full_demo):
    kees = person(KEES)
    colleague = kees.team.members.exclude(pk=kees.pk).exclude(led_teams=kees.team).first()
    events = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        actions.set_interval(actor_for(colleague), kees, 3)
    assert not ConversationInterval.objects.filter(employee=kees).exists()
    assert AuditEvent.objects.count() == events


def test_a_progress_note_is_logged_without_its_text(full_demo):
    plan = DevelopmentPlan.objects.get(employee__personnel_number=KEES)
    text = "Ik lees nu zelf de werkinstructie."
    note = actions.add_check_in(
        actor_for(person(KEES)), plan, point_id=plan.points.first().pk, text=text
    )
    event = AuditEvent.objects.get(verb="checkin.added", subject_id=note.pk)
    assert (event.actor_id, event.employee_id) == (plan.employee_id, plan.employee_id)
    assert event.params == {"checkin": note.pk, "kind": note.kind}
    assert text not in str(event.params)


def test_a_reminder_run_logs_one_event_per_organisation(full_demo):
    Notice.objects.all().delete()
    before = AuditEvent.objects.filter(verb="reminders.run").count()  # the demo's own
    result = outbox.run_reminders()
    events = AuditEvent.objects.filter(verb="reminders.run").order_by("-at")[
        : len(result.by_organisation)
    ]
    assert AuditEvent.objects.filter(verb="reminders.run").count() == before + len(
        result.by_organisation
    )
    assert result.created > 0
    demo = Organisation.objects.get(slug="demo-werkbedrijf")
    [event] = [e for e in events if e.organisation_id == demo.pk]
    counts = result.by_organisation[demo.pk]
    assert event.actor_id is None  # the system actor of the organisation
    assert event.params["created"] == counts.created > 0
    assert event.params["emailed"] + event.params["in_app"] == counts.created
    assert sum(e.params["created"] for e in events) == result.created


def test_only_the_organisations_system_actor_records_a_run(full_demo):
    demo = Organisation.objects.get(slug="demo-werkbedrijf")
    other = Organisation.objects.exclude(pk=demo.pk).first()
    events = AuditEvent.objects.count()
    for actor in (actor_for(person("D-hr")), Actor.for_system(other.pk)):
        with pytest.raises(NotAllowed):
            outbox_actions.record_reminder_run(actor, demo, outbox_actions.RunCounts())
    assert AuditEvent.objects.count() == events


def test_the_outbox_is_written_by_the_organisations_system_actor_only(full_demo):
    """``koers remind``'s writes are actions: a person, or another organisation's system
    actor, queues, claims, marks and releases nothing."""
    from django.utils import timezone

    from koers.followup.reminders.due import due_notices

    Notice.objects.all().delete()
    demo = Organisation.objects.get(slug="demo-werkbedrijf")
    other = Organisation.objects.exclude(pk=demo.pk).first()
    due = [n for n in due_notices() if n.organisation_id == demo.pk]
    assert due
    events = AuditEvent.objects.count()
    for actor in (actor_for(person("D-hr")), Actor.for_system(other.pk)):
        with pytest.raises(NotAllowed):
            outbox_actions.queue_notices(actor, demo, due)
        with pytest.raises(NotAllowed):
            outbox_actions.claim_notices(actor, demo, "run", by_email=[1])
        with pytest.raises(NotAllowed):
            outbox_actions.mark_emailed(actor, demo, sent=[1], failed={})
        with pytest.raises(NotAllowed):
            outbox_actions.release_stale_claims(actor, demo, timezone.now())
    # The demo's system actor does not queue another organisation's notices either.
    with pytest.raises(NotAllowed):
        outbox_actions.queue_notices(Actor.for_system(other.pk), other, due)
    assert Notice.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_run_logs_its_batches_with_counts_not_one_event_per_notice(full_demo):
    Notice.objects.all().delete()
    demo = Organisation.objects.get(slug="demo-werkbedrijf")
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = outbox.run_reminders()
    assert result.created > 1
    new = list(AuditEvent.objects.filter(organisation=demo, pk__gt=last).order_by("seq"))
    assert len(new) < result.created  # batches, not notices
    assert all(event.actor_id is None and event.employee_id is None for event in new)
    counts = result.by_organisation[demo.pk]
    queued = [e for e in new if e.verb == "notices.queued"]
    claimed = [e for e in new if e.verb == "notices.claimed"]
    emailed = [e for e in new if e.verb == "notices.emailed"]
    assert sum(e.params["created"] for e in queued) == counts.created
    assert sum(e.params["in_app"] for e in claimed) == counts.in_app
    assert sum(e.params["claimed"] for e in claimed) == counts.emailed + counts.failed
    assert sum(e.params["emailed"] for e in emailed) == counts.emailed
    # Nothing new: the second run records only its summary.
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    outbox.run_reminders()
    verbs = set(AuditEvent.objects.filter(pk__gt=last).values_list("verb", flat=True))
    assert verbs <= {"reminders.run"}
