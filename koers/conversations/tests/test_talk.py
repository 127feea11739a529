"""Gesprek voeren (001 step 3, 003, 004): the phases, notes that autosave, the evaluation of
the previous plan, agreements that are the POP's points, finishing the talk."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from koers.audit.models import AuditEvent
from koers.conversations import talk
from koers.conversations.actions import planning, preparation
from koers.conversations.actions import talk as talk_actions
from koers.conversations.models import (
    AgendaPoint,
    Conversation,
    Outcome,
    PointReview,
    Status,
    TalkNotes,
    TalkRating,
)
from koers.organisations.actors import actor_for
from koers.plans.models import Category, DevelopmentPlan, DevelopmentPoint
from koers.testing import default_types

pytestmark = pytest.mark.django_db

SMART_AGREEMENT = {
    "category": Category.FUNCTION,
    "title": "Tekening lezen",
    "goal": "Ik kan zelf een werktekening lezen.",
    "measure": "Ik maak drie producten van tekening zonder hulp.",
    "approach": "Een korte cursus en oefenen met de voorman.",
    "employee_part": "Ik volg de cursus en oefen elke week.",
    "employer_part": "De werkgever betaalt de cursus.",
    "support": "Cursusgeld en een uur per week.",
    "deadline": "2026-12-01",
    "follow_up": "Elke maand kort bespreken.",
}


@pytest.fixture
def conversation(demo, kees, sanne, now) -> Conversation:
    return planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=default_types(demo)[0],
        starts_at=now + datetime.timedelta(days=15),
        duration_minutes=60,
        place="Spreekkamer 2",
        base_url="http://testserver/",
        send_email=False,
    )


def _talk_url(conversation: Conversation, phase: str | None = None) -> str:
    if phase is None:
        return reverse("conversation-talk", args=[conversation.pk])
    return reverse("conversation-talk-phase", args=[conversation.pk, phase])


def test_manager_walks_the_phases_in_order(login_as, conversation):
    client = login_as("manager")
    response = client.get(_talk_url(conversation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gesprek voeren: Opening" in page
    assert "geen functioneringsgesprek" in page
    assert "60 minuten" in page
    response = client.post(
        _talk_url(conversation, "opening"), {"opening": "Welkom, doel uitgelegd.", "go": "next"}
    )
    assert response["Location"] == _talk_url(conversation, "evaluation")
    response = client.post(_talk_url(conversation, "evaluation"), {"go": "previous"})
    assert response["Location"] == _talk_url(conversation, "opening")
    # The notes survive a reload.
    page = client.get(_talk_url(conversation, "opening")).content.decode()
    assert "Welkom, doel uitgelegd." in page


def test_unknown_phase_is_404(login_as, conversation):
    assert login_as("manager").get(_talk_url(conversation, "salaris")).status_code == 404


def test_htmx_autosave_returns_the_saved_status(login_as, conversation):
    client = login_as("manager")
    response = client.post(
        _talk_url(conversation, "planning"),
        {"options_inside": "Meer verantwoordelijkheid op de lijn.", "obstacles": "Tijd"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Opgeslagen om" in response.content.decode()
    notes = TalkNotes.objects.get(conversation=conversation)
    assert notes.options_inside == "Meer verantwoordelijkheid op de lijn."
    assert notes.obstacles == "Tijd"
    assert notes.started_at is not None


def test_a_phase_only_writes_its_own_fields(login_as, conversation):
    client = login_as("manager")
    client.post(_talk_url(conversation, "opening"), {"opening": "Welkom"})
    client.post(_talk_url(conversation, "information"), {"opening": "Anders", "manager_adds": "x"})
    notes = TalkNotes.objects.get(conversation=conversation)
    assert notes.opening == "Welkom"
    assert notes.manager_adds == "x"


def test_employee_and_hr_cannot_open_the_talk(login_as, conversation):
    assert login_as("medewerker").get(_talk_url(conversation)).status_code == 404
    assert login_as("hr").get(_talk_url(conversation)).status_code == 404


def test_information_shows_shared_preparation_first(login_as, conversation, kees):
    question = conversation.template.questions.filter(audience="employee").first()
    preparation.save_answers(
        actor_for(kees), conversation, side="employee", answers={question.pk: "Voorman worden"}
    )
    client = login_as("manager")
    page = client.get(_talk_url(conversation, "information")).content.decode()
    assert "Voorman worden" not in page  # not shared yet
    assert "Luisteren" in page and "Samenvatten" in page and "Doorvragen" in page
    assert "Voorbeeldvragen" in page
    preparation.share_preparation(actor_for(kees), conversation)
    page = client.get(_talk_url(conversation, "information")).content.decode()
    assert page.index("Voorman worden") < page.index("uw eigen voorbereiding")


def test_evaluation_lists_the_previous_plan(login_as, conversation, kees, sanne, now):
    manager = actor_for(sanne)
    from koers.plans import actions as plans

    plan = plans.create_plan(manager, kees, period_start=now.date() - datetime.timedelta(days=300))
    point = plans.save_point(manager, plan, category=Category.CAREER, title="Heftruck rijden")
    client = login_as("manager")
    page = client.get(_talk_url(conversation, "evaluation")).content.decode()
    assert "Heftruck rijden" in page
    client.post(
        _talk_url(conversation, "evaluation"),
        {f"outcome-{point.pk}": Outcome.PARTLY, f"note-{point.pk}": "Theorie gehaald."},
    )
    review = PointReview.objects.get(conversation=conversation, point=point)
    assert (review.outcome, review.note, review.title) == (
        Outcome.PARTLY,
        "Theorie gehaald.",
        "Heftruck rijden",
    )


def _revision(page: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def test_a_stale_review_note_is_refused(login_as, conversation, kees, sanne, now):
    """Issue 10: the review notes of the Evaluatie phase are part of the notes' revision; a
    stale save whose phase fields happen to match may not overwrite another tab's review."""
    manager = actor_for(sanne)
    from koers.plans import actions as plans

    plan = plans.create_plan(manager, kees, period_start=now.date() - datetime.timedelta(days=300))
    point = plans.save_point(manager, plan, category=Category.CAREER, title="Heftruck rijden")
    first, second = login_as("manager"), login_as("manager")
    url = _talk_url(conversation, "evaluation")
    token = _revision(first.get(url).content.decode())
    assert _revision(second.get(url).content.decode()) == token
    saved = first.post(
        url,
        {
            f"outcome-{point.pk}": Outcome.REALISED,
            f"note-{point.pk}": "Gehaald.",
            "revision": token,
        },
    )
    assert saved.status_code == 302
    stale = second.post(
        url,
        {
            f"outcome-{point.pk}": Outcome.NOT,
            f"note-{point.pk}": "Niet gehaald.",
            "revision": token,
        },
    )
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    box = page[page.index('id="conflict"') :]
    assert "Heftruck rijden: toelichting" in box
    assert "Gehaald." in box and "Niet gehaald." in box
    review = PointReview.objects.get(conversation=conversation, point=point)
    assert (review.outcome, review.note) == (Outcome.REALISED, "Gehaald.")


def test_stale_discussed_marks_are_refused(login_as, conversation, kees):
    point = preparation.add_agenda_point(
        actor_for(kees), conversation, side="employee", text="Werktijden"
    )
    preparation.share_agenda_point(actor_for(kees), point)
    first, second = login_as("manager"), login_as("manager")
    url = _talk_url(conversation, "closing")
    token = _revision(first.get(url).content.decode())
    assert first.post(url, {"discussed": [point.pk], "revision": token}).status_code == 302
    assert second.post(url, {"revision": token}).status_code == 409
    point.refresh_from_db()
    assert point.discussed


def test_evaluation_shows_the_progress_notes_of_the_previous_plan(
    login_as, conversation, kees, sanne, now
):
    from koers.followup.actions import add_check_in
    from koers.plans import actions as plans

    manager = actor_for(sanne)
    plan = plans.create_plan(manager, kees, period_start=now.date() - datetime.timedelta(days=300))
    point = plans.save_point(manager, plan, category=Category.CAREER, title="Heftruck rijden")
    add_check_in(actor_for(kees), plan, point_id=point.pk, text="De theorie ging goed.")
    page = login_as("manager").get(_talk_url(conversation, "evaluation")).content.decode()
    assert "1 voortgangsnotitie" in page
    assert "De theorie ging goed." in page
    # The other team's manager never reaches this page; HR neither (see the access matrix).
    assert login_as("hr").get(_talk_url(conversation, "evaluation")).status_code == 404


def test_agreements_become_points_of_a_draft_plan_linked_to_the_talk(login_as, conversation):
    client = login_as("manager")
    incomplete = {**SMART_AGREEMENT, "deadline": "", "phase": "planning"}
    response = client.post(
        reverse("conversation-agreement-add", args=[conversation.pk]), incomplete, follow=True
    )
    page = response.content.decode()
    assert "Nog niet SMART" in page
    assert "Kies een datum waarop het klaar is (Tijdsgebonden)." in page
    plan = DevelopmentPlan.objects.get(conversation=conversation)
    point = plan.points.get()
    assert point.title == "Tekening lezen" and point.deadline is None
    assert [r.is_smart for r in talk.agreement_rows(conversation)] == [False]

    response = client.post(
        reverse("conversation-agreement-edit", args=[conversation.pk, point.pk]),
        {**SMART_AGREEMENT, "phase": "closing"},
        follow=True,
    )
    assert "Deze afspraak is SMART." in response.content.decode()
    assert [r.is_smart for r in talk.agreement_rows(conversation)] == [True]
    # One source of truth: the POP shows the same row.
    assert DevelopmentPoint.objects.filter(plan__conversation=conversation).count() == 1
    plan_page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "Tekening lezen" in plan_page


def test_agreement_delete(login_as, conversation):
    client = login_as("manager")
    client.post(reverse("conversation-agreement-add", args=[conversation.pk]), SMART_AGREEMENT)
    point = DevelopmentPoint.objects.get(plan__conversation=conversation)
    client.post(reverse("conversation-agreement-delete", args=[conversation.pk, point.pk]))
    assert not DevelopmentPoint.objects.filter(plan__conversation=conversation).exists()


def test_closing_records_opinion_next_date_and_discussed_points(login_as, conversation, kees):
    shared = preparation.add_agenda_point(
        actor_for(kees), conversation, side="employee", text="Cursus"
    )
    preparation.share_agenda_point(actor_for(kees), shared)
    private = preparation.add_agenda_point(
        actor_for(kees), conversation, side="employee", text="Privé"
    )
    client = login_as("manager")
    page = client.get(_talk_url(conversation, "closing")).content.decode()
    assert "Cursus" in page and "Privé" not in page
    client.post(
        _talk_url(conversation, "closing"),
        {"next_date": "2027-03-01", "discussed": [str(shared.pk)]},
    )
    notes = TalkNotes.objects.get(conversation=conversation)
    assert notes.next_date == datetime.date(2027, 3, 1)
    assert AgendaPoint.objects.get(pk=shared.pk).discussed
    assert not AgendaPoint.objects.get(pk=private.pk).discussed


def test_manager_cannot_type_the_employees_mark_in_the_closing(login_as, conversation):
    """Issue 11 item 4: the Afsluiting no longer asks the manager for the employee's mark; a
    mark posted there anyway is not stored anywhere."""
    client = login_as("manager")
    page = client.get(_talk_url(conversation, "closing")).content.decode()
    assert 'name="employee_score"' not in page
    response = client.post(
        _talk_url(conversation, "closing"),
        {"employee_score": "4", "employee_comment": "Fijn gesprek", "closing": "Samengevat."},
    )
    assert response.status_code == 302
    assert TalkNotes.objects.get(conversation=conversation).closing == "Samengevat."
    assert not TalkRating.objects.filter(conversation=conversation).exists()


def test_finishing_the_talk_sets_held_and_prefills_the_report(login_as, conversation):
    client = login_as("manager")
    client.post(_talk_url(conversation, "opening"), {"opening": "Welkom en doel."})
    client.post(_talk_url(conversation, "information"), {"employee_wishes": "Voorman worden."})
    finish = reverse("conversation-talk-finish", args=[conversation.pk])
    response = client.post(finish, {"held_earlier": "1"})
    assert response["Location"] == reverse("conversation-report", args=[conversation.pk])
    conversation.refresh_from_db()
    assert conversation.status == Status.HELD
    report = conversation.report
    assert report.summary == "Welkom en doel."
    assert "Voorman worden." in report.information
    # Undiscussed agenda points come along to the next talk (preparation is closed now).
    assert not conversation.is_open


def test_a_talk_before_its_date_asks_whether_it_was_held_earlier(login_as, conversation, now):
    """Issue 11: a talk dated later cannot be held now without saying so; confirming moves
    its date to today and the dossier log records the planned date."""
    planned = conversation.starts_at
    client = login_as("manager")
    finish = reverse("conversation-talk-finish", args=[conversation.pk])
    response = client.post(finish)
    assert response.status_code == 200
    assert "Dit gesprek is eerder gehouden?" in response.content.decode()
    conversation.refresh_from_db()
    assert (conversation.status, conversation.starts_at) == (Status.PLANNED, planned)

    response = client.post(finish, {"held_earlier": "1"})
    assert response["Location"] == reverse("conversation-report", args=[conversation.pk])
    conversation.refresh_from_db()
    assert conversation.status == Status.HELD
    assert timezone.localtime(conversation.starts_at).date() == now.date()
    assert conversation.starts_at <= timezone.now()
    event = AuditEvent.objects.filter(verb="talk.held_earlier").latest("pk")
    assert event.params == {"planned_on": timezone.localtime(planned).date().isoformat()}


def test_a_talk_on_or_after_its_date_is_finished_at_once(login_as, conversation):
    with time_machine.travel(conversation.starts_at + datetime.timedelta(minutes=30)):
        response = login_as("manager").post(
            reverse("conversation-talk-finish", args=[conversation.pk])
        )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(verb="talk.held_earlier").exists()


def test_undiscussed_points_carry_over_after_the_talk(demo, conversation, kees, sanne, now):
    point = preparation.add_agenda_point(
        actor_for(kees), conversation, side="employee", text="Pauzes"
    )
    talk_actions.finish_talk(actor_for(sanne), conversation, held_earlier=True)
    later = planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=conversation.conversation_type,
        starts_at=now + datetime.timedelta(days=200),
        duration_minutes=60,
        place="x",
        base_url="http://testserver/",
        send_email=False,
    )
    assert later.agenda_points.get().carried_from_id == point.pk


def test_a_cancelled_talk_has_no_talk_page(login_as, conversation, sanne):
    planning.cancel(
        actor_for(sanne), conversation, reason="", base_url="http://x/", send_email=False
    )
    assert login_as("manager").get(_talk_url(conversation)).status_code == 404


def test_talk_page_query_count(login_as, conversation, django_assert_max_num_queries):
    client = login_as("manager")
    for phase in ("opening", "evaluation", "information", "planning", "closing"):
        with django_assert_max_num_queries(25):
            assert client.get(_talk_url(conversation, phase)).status_code == 200
