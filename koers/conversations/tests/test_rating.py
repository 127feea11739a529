"""Issue 11 item 4 (003 Afronding, 004 Afsluiting: "vraag aan de medewerker wat hij van het
gesprek vond"): the employee rates the held talk on a screen of their own; the manager reads
the answer and can no longer type it."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from koers.audit.models import AuditEvent
from koers.conversations.actions import rating as rating_actions
from koers.conversations.actions import report as report_actions
from koers.conversations.actions import talk as talk_actions
from koers.conversations.models import Conversation, Status, TalkRating
from koers.lib.errors import NotAllowed, Refused
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation
from koers.signing.models import Choice
from koers.testing import talk_with_kees

pytestmark = pytest.mark.django_db


def _url(conversation: Conversation) -> str:
    return reverse("conversation-rating", args=[conversation.pk])


@pytest.fixture
def held(demo) -> Conversation:
    """Kees's talk, held by his manager Sanne."""
    conversation = talk_with_kees(days_ahead=3)
    talk_actions.finish_talk(actor_for(conversation.manager), conversation, held_earlier=True)
    conversation.refresh_from_db()
    return conversation


def test_employee_rates_the_held_talk(login_as, held):
    client = login_as("medewerker")
    page = client.get(_url(held)).content.decode()
    assert "Wat vond u van het gesprek?" in page
    assert page.count('type="radio"') == 6  # 1 to 5 and "liever niet"
    response = client.post(_url(held), {"answer": "4", "comment": "Fijn dat er tijd was."})
    assert response.status_code == 302
    rating = TalkRating.objects.get(conversation=held)
    assert (rating.score, rating.declined, rating.comment) == (4, False, "Fijn dat er tijd was.")
    assert (rating.given_by, rating.answered_by) == ("employee", held.employee)
    event = AuditEvent.objects.latest("seq")
    assert event.verb == "talk.rated"
    assert "4" not in str(event.params or {}) and "Fijn" not in str(event.params or {})


def test_liever_niet_is_stored_as_no_answer(login_as, held):
    login_as("medewerker").post(_url(held), {"answer": "declined", "comment": "Geheim"})
    rating = TalkRating.objects.get(conversation=held)
    assert (rating.score, rating.declined, rating.comment) == (None, True, "")
    assert AuditEvent.objects.latest("seq").verb == "talk.rating_declined"


def test_a_mark_outside_one_to_five_is_refused(login_as, held):
    response = login_as("medewerker").post(_url(held), {"answer": "9"})
    assert response.status_code == 200
    assert not TalkRating.objects.filter(conversation=held).exists()
    with pytest.raises(Refused):
        rating_actions.rate_talk(actor_for(held.employee), held, score=0)


def test_employee_changes_the_answer_until_the_report_is_signed(login_as, held):
    kees, sanne = actor_for(held.employee), actor_for(held.manager)
    rating_actions.rate_talk(kees, held, score=2)
    report = report_actions.start_report(sanne, held)
    report_actions.submit_report(sanne, report)
    held.refresh_from_db()
    assert held.status == Status.REPORTED
    client = login_as("medewerker")
    stored = TalkRating.objects.get(conversation=held)
    client.post(_url(held), {"answer": "5", "revision": stored.revision})
    assert TalkRating.objects.get(conversation=held).score == 5
    report_actions.sign_report(kees, report, Choice.AGREED)
    report_actions.sign_report(sanne, report, Choice.AGREED)
    held.refresh_from_db()
    assert held.status == Status.SIGNED
    page = client.get(_url(held)).content.decode()
    assert "kan niet meer veranderen" in page and 'type="radio"' not in page
    client.post(_url(held), {"answer": "1"})
    assert TalkRating.objects.get(conversation=held).score == 5
    with pytest.raises(Refused):
        rating_actions.rate_talk(kees, held, score=1)


def test_a_stale_answer_from_another_tab_is_refused_with_the_new_token(login_as, held):
    rating_actions.rate_talk(actor_for(held.employee), held, score=3)
    response = login_as("medewerker").post(_url(held), {"answer": "5", "revision": "0"})
    assert response.status_code == 409
    assert TalkRating.objects.get(conversation=held).score == 3


def test_manager_cannot_type_the_rating(login_as, held):
    """A POST of a rating by the manager changes nothing (and the screen is not theirs)."""
    client = login_as("manager")
    assert client.get(_url(held)).status_code == 404
    response = client.post(_url(held), {"answer": "5", "comment": "Top"})
    assert response.status_code == 404
    assert not TalkRating.objects.filter(conversation=held).exists()
    with pytest.raises(NotAllowed):
        rating_actions.rate_talk(actor_for(held.manager), held, score=5)
    assert not TalkRating.objects.filter(conversation=held).exists()


def test_manager_reads_the_employees_answer(login_as, held):
    rating_actions.rate_talk(actor_for(held.employee), held, score=4, comment="Prettig")
    page = login_as("manager").get(reverse("conversation-detail", args=[held.pk]))
    text = page.content.decode()
    assert "Wat vond de medewerker van het gesprek?" in text
    assert "4 van 5" in text and "Prettig" in text
    assert _url(held) not in text


def test_no_rating_before_the_talk_is_held(login_as, demo):
    planned = talk_with_kees(days_ahead=20)
    assert login_as("medewerker").get(_url(planned)).status_code == 404
    with pytest.raises(Refused):
        rating_actions.rate_talk(actor_for(planned.employee), planned, score=4)


def test_employee_finds_the_screen_on_the_dashboard_and_the_talk_page(login_as, held):
    client = login_as("medewerker")
    dashboard = client.get(reverse("dashboard-me")).content.decode()
    assert _url(held) in dashboard
    detail = client.get(reverse("conversation-detail", args=[held.pk])).content.decode()
    assert _url(held) in detail and "Zeg wat u ervan vond" in detail
    client.post(_url(held), {"answer": "3"})
    dashboard = client.get(reverse("dashboard-me")).content.decode()
    assert _url(held) not in dashboard
    detail = client.get(reverse("conversation-detail", args=[held.pk])).content.decode()
    assert "Mijn antwoord veranderen" in detail


def test_employees_answer_replaces_a_mark_the_manager_typed(login_as, held):
    TalkRating.objects.create(
        conversation=held,
        score=5,
        given_by=TalkRating.GivenBy.MANAGER,
        answered_by=held.manager,
        answered_at=timezone.now(),
    )
    client = login_as("medewerker")
    assert _url(held) in client.get(reverse("dashboard-me")).content.decode()
    client.post(_url(held), {"answer": "2", "revision": "1"})
    rating = TalkRating.objects.get(conversation=held)
    assert (rating.score, rating.given_by, rating.answered_by) == (2, "employee", held.employee)


def test_migration_keeps_manager_typed_marks_as_the_managers(transactional_db):
    """0008 on notes of 0007: a mark the manager typed becomes a rating given by the manager."""
    executor = MigrationExecutor(connection)
    executor.migrate([("conversations", "0007_trajectory")])
    old = executor.loader.project_state([("conversations", "0007_trajectory")]).apps
    organisation = Organisation.objects.create(name="Oud BV", slug="oud-bv")
    kees = Employee.objects.create(
        organisation=organisation, personnel_number="1", first_name="Kees", last_name="Oud"
    )
    sanne = Employee.objects.create(
        organisation=organisation, personnel_number="2", first_name="Sanne", last_name="Oud"
    )
    kind = old.get_model("conversations", "ConversationType").objects.create(
        organisation_id=organisation.pk, kind="pop", name="POP-gesprek"
    )
    template = old.get_model("conversations", "ConversationTemplate").objects.create(
        conversation_type=kind, version=1
    )
    talk = old.get_model("conversations", "Conversation").objects.create(
        organisation_id=organisation.pk,
        employee_id=kees.pk,
        manager_id=sanne.pk,
        conversation_type=kind,
        template=template,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        place="Kantine",
        status="held",
    )
    old.get_model("conversations", "TalkNotes").objects.create(
        conversation=talk, employee_score=4, employee_comment="Prettig"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rating = TalkRating.objects.get(conversation_id=talk.pk)
    assert (rating.score, rating.comment) == (4, "Prettig")
    assert (rating.given_by, rating.answered_by_id) == ("manager", sanne.pk)
    assert not TalkRating.objects.counted().exists()
