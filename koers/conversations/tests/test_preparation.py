import datetime

import pytest
from django.urls import reverse

from koers.conversations.actions import planning, preparation
from koers.conversations.models import AgendaPoint, Answer, Audience, Conversation, Status
from koers.lib.errors import NotAllowed
from koers.organisations.actors import actor_for, actor_for_user
from koers.testing import default_types

pytestmark = pytest.mark.django_db

SECRET = "Ik wil eigenlijk graag voorman worden."
MANAGER_NOTE = "Kees kan de nieuwe lijn aan."


@pytest.fixture
def talk(demo, kees, sanne, now) -> Conversation:
    return planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=default_types(demo)[0],
        starts_at=now + datetime.timedelta(days=20),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
        send_email=False,
    )


def _question(talk: Conversation, audience: str, index: int = 0):
    return talk.template.questions.filter(audience=audience)[index]


def _prepare(client, talk):
    return client.get(reverse("conversation-prepare", args=[talk.pk]))


def test_employee_answers_and_comes_back_later(login_as, talk):
    client = login_as("medewerker")
    first, second = (_question(talk, Audience.EMPLOYEE, i) for i in (0, 1))
    response = client.post(
        reverse("conversation-prepare", args=[talk.pk]),
        {f"answer-{first.pk}": SECRET, f"answer-{second.pk}": ""},
    )
    assert response.status_code == 302

    page = _prepare(client, talk).content.decode()
    assert SECRET in page
    assert "Deel met mijn leidinggevende" in page
    # The aids of 001 step 2 and 002 step 2: the strengths questions and a blank POP.
    assert "Hulp: vragen over uw sterke punten" in page
    assert reverse("plan-blank-pdf") in page
    talk.refresh_from_db()
    assert talk.status == Status.PREPARING
    assert Answer.objects.get(conversation=talk, question=first).entered_by == talk.employee


def test_htmx_autosaves_one_answer(login_as, talk):
    client = login_as("medewerker")
    question = _question(talk, Audience.EMPLOYEE, 2)
    response = client.post(
        reverse("conversation-answer", args=[talk.pk, question.pk]),
        {f"answer-{question.pk}": "In de baas zijn tijd.", "answer-999999": "ignored"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Opgeslagen om" in response.content.decode()
    assert b"<html" not in response.content
    assert Answer.objects.get(conversation=talk, question=question).text == "In de baas zijn tijd."


def test_employee_cannot_answer_the_managers_questions(login_as, talk):
    client = login_as("medewerker")
    question = _question(talk, Audience.MANAGER)
    response = client.post(
        reverse("conversation-answer", args=[talk.pk, question.pk]), {"text": "x"}
    )
    assert response.status_code == 404
    client.post(reverse("conversation-prepare", args=[talk.pk]), {f"answer-{question.pk}": "x"})
    assert not Answer.objects.filter(conversation=talk, question=question).exists()


def test_manager_reads_the_answers_only_after_the_employee_shares(login_as, talk, users):
    question = _question(talk, Audience.EMPLOYEE)
    login_as("medewerker").post(
        reverse("conversation-prepare", args=[talk.pk]), {f"answer-{question.pk}": SECRET}
    )

    manager_page = _prepare(login_as("manager"), talk).content.decode()
    assert SECRET not in manager_page
    assert "nog niet gedeeld" in manager_page
    detail = login_as("manager").get(reverse("conversation-detail", args=[talk.pk]))
    assert SECRET not in detail.content.decode()
    assert not Answer.objects.visible_to(actor_for_user(users["manager"])).exists()

    response = login_as("medewerker").post(reverse("conversation-share", args=[talk.pk]))
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.is_shared

    assert SECRET in _prepare(login_as("manager"), talk).content.decode()


def test_only_the_employee_can_share(login_as, talk):
    assert (
        login_as("manager").post(reverse("conversation-share", args=[talk.pk])).status_code == 404
    )
    talk.refresh_from_db()
    assert not talk.is_shared


def test_manager_answers_privately(login_as, talk):
    question = _question(talk, Audience.MANAGER)
    client = login_as("manager")
    client.post(
        reverse("conversation-prepare", args=[talk.pk]), {f"answer-{question.pk}": MANAGER_NOTE}
    )
    assert MANAGER_NOTE in _prepare(client, talk).content.decode()

    employee = login_as("medewerker")
    employee.post(reverse("conversation-share", args=[talk.pk]))
    assert MANAGER_NOTE not in _prepare(employee, talk).content.decode()
    assert (
        MANAGER_NOTE
        not in employee.get(reverse("conversation-detail", args=[talk.pk])).content.decode()
    )


def test_hr_sees_the_talk_but_not_the_preparation(login_as, talk):
    question = _question(talk, Audience.EMPLOYEE)
    login_as("medewerker").post(
        reverse("conversation-prepare", args=[talk.pk]), {f"answer-{question.pk}": SECRET}
    )
    login_as("medewerker").post(reverse("conversation-share", args=[talk.pk]))
    hr = login_as("hr")
    detail = hr.get(reverse("conversation-detail", args=[talk.pk]))
    assert detail.status_code == 200
    assert SECRET not in detail.content.decode()
    assert _prepare(hr, talk).status_code == 404


def test_agenda_points_are_private_until_shared(login_as, talk):
    employee = login_as("medewerker")
    employee.post(reverse("conversation-agenda-add", args=[talk.pk]), {"text": "Vaste pauzes"})
    point = AgendaPoint.objects.get(conversation=talk)
    assert point.side == "employee" and point.shared_at is None

    assert "Vaste pauzes" not in _prepare(login_as("manager"), talk).content.decode()

    login_as("medewerker").post(reverse("conversation-agenda-share", args=[talk.pk, point.pk]))
    assert "Vaste pauzes" in _prepare(login_as("manager"), talk).content.decode()

    # And the other way round.
    login_as("manager").post(
        reverse("conversation-agenda-add", args=[talk.pk]), {"text": "Nieuwe lijn"}
    )
    assert "Nieuwe lijn" not in _prepare(login_as("medewerker"), talk).content.decode()
    manager_point = AgendaPoint.objects.get(conversation=talk, side="manager")
    # The employee cannot share or delete the manager's point.
    response = login_as("medewerker").post(
        reverse("conversation-agenda-delete", args=[talk.pk, manager_point.pk])
    )
    assert response.status_code == 404
    login_as("manager").post(reverse("conversation-agenda-share", args=[talk.pk, manager_point.pk]))
    assert "Nieuwe lijn" in _prepare(login_as("medewerker"), talk).content.decode()


def test_strengths_questions_are_offered_as_an_aid(login_as, talk):
    for who in ("medewerker", "manager"):
        page = _prepare(login_as(who), talk).content.decode()
        assert "Waar krijgt u vaak complimenten over" in page


def test_manager_prepares_together_with_an_employee_without_login(
    login_as, demo, sanne, without_email, now
):
    talk = planning.plan_conversation(
        actor_for(sanne),
        employee=without_email,
        conversation_type=default_types(demo)[0],
        starts_at=now + datetime.timedelta(days=20),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
        send_email=False,
    )
    assert without_email.user_id is None
    client = login_as("manager")
    url = reverse("conversation-prepare-together", args=[talk.pk])
    assert client.get(url).status_code == 200
    question = _question(talk, Audience.EMPLOYEE)
    client.post(url, {f"answer-{question.pk}": "Ik werk graag met mijn handen."})

    talk.refresh_from_db()
    assert talk.prepared_together_by == sanne
    assert talk.is_shared
    answer = Answer.objects.get(conversation=talk, question=question)
    assert answer.side == "employee" and answer.entered_by == sanne
    page = _prepare(client, talk).content.decode()
    assert "Ik werk graag met mijn handen." in page
    assert "Samen met de medewerker ingevuld." in page

    # htmx autosave on the together page writes the employee's list too.
    second = _question(talk, Audience.EMPLOYEE, 1)
    client.post(
        reverse("conversation-answer", args=[talk.pk, second.pk]),
        {f"answer-{second.pk}": "Voorman."},
        headers={"HX-Request": "true"},
    )
    assert Answer.objects.get(conversation=talk, question=second).text == "Voorman."


def test_manager_cannot_fill_in_for_an_employee_with_a_login(login_as, talk):
    client = login_as("manager")
    assert client.get(reverse("conversation-prepare-together", args=[talk.pk])).status_code == 403
    question = _question(talk, Audience.EMPLOYEE)
    response = client.post(
        reverse("conversation-answer", args=[talk.pk, question.pk]), {"text": "x"}
    )
    assert response.status_code == 404


def test_a_cancelled_talk_cannot_be_prepared(login_as, talk, sanne):
    planning.cancel(
        actor_for(sanne), talk, reason="", base_url="http://testserver/", send_email=False
    )
    client = login_as("medewerker")
    question = _question(talk, Audience.EMPLOYEE)
    response = client.post(
        reverse("conversation-prepare", args=[talk.pk]), {f"answer-{question.pk}": "x"}
    )
    assert response.status_code == 404
    assert client.post(reverse("conversation-share", args=[talk.pk])).status_code == 404


def test_service_refuses_together_for_an_employee_with_a_login(talk, sanne):

    question = _question(talk, Audience.EMPLOYEE)
    with pytest.raises(NotAllowed):
        preparation.save_answers(
            actor_for(sanne), talk, side="employee", answers={question.pk: "x"}, together=True
        )
    assert not Answer.objects.filter(conversation=talk).exists()


def test_points_not_discussed_come_along_to_the_next_talk(demo, talk, kees, sanne, now):
    private = preparation.add_agenda_point(
        actor_for(kees), talk, side="employee", text="Vaste pauzes"
    )
    shared = preparation.add_agenda_point(
        actor_for(sanne), talk, side="manager", text="Nieuwe lijn"
    )
    preparation.share_agenda_point(actor_for(sanne), shared)
    planning.cancel(
        actor_for(sanne), talk, reason="", base_url="http://testserver/", send_email=False
    )

    next_talk = planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=talk.conversation_type,
        starts_at=now + datetime.timedelta(days=40),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
        send_email=False,
    )
    carried = {p.text: p for p in next_talk.agenda_points.all()}
    assert set(carried) == {"Vaste pauzes", "Nieuwe lijn"}
    assert carried["Vaste pauzes"].shared_at is None  # still private
    assert carried["Vaste pauzes"].carried_from == private
    assert carried["Nieuwe lijn"].shared_at is not None


def test_discussed_points_stay_behind(talk, kees, sanne, now):
    point = preparation.add_agenda_point(actor_for(kees), talk, side="employee", text="Besproken")
    AgendaPoint.objects.filter(pk=point.pk).update(discussed=True)
    Conversation.objects.filter(pk=talk.pk).update(status=Status.HELD)
    next_talk = planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=talk.conversation_type,
        starts_at=now + datetime.timedelta(days=40),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
        send_email=False,
    )
    assert not next_talk.agenda_points.exists()
