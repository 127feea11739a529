"""No lost updates (issue 10, item 5): two people open the same edit form; the first save
wins, the second is refused with both texts side by side, and the database keeps the first.

Each case loads the real form page twice (two signed-in clients), takes every field the page
sends (the hidden revision token included), changes one text and posts it from both.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from koers.cards import actions as cards
from koers.cards.models import CardItem, ItemKind, Theme
from koers.conversations.actions import planning
from koers.conversations.actions import talk as talk_actions
from koers.conversations.models import Answer, Audience, Report, TalkNotes
from koers.conversations.queries import current_template
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation, Team
from koers.plans import actions as plans
from koers.plans.models import Activity, Category, Course, DevelopmentPlan, DevelopmentPoint
from koers.testing import default_types

pytestmark = pytest.mark.django_db

STALE = "Iemand anders heeft dit intussen gewijzigd"


class _FormReader(HTMLParser):
    """The values a browser would send for one form of a page (text inputs, hidden inputs,
    textareas, checked boxes, selected options); buttons are not sent."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.done, self.data = action, False, False, []
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            # The first form that posts to the page (its action, or none: the page itself).
            self.inside = not self.done and a.get("action", self.action) == self.action
            return
        if not self.inside or "name" not in a:
            if tag == "option" and self.inside and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data.append((a["name"], ""))
        elif tag == "select":
            self._select, self._first_option, self._selected = a["name"], None, False

    def _option(self, a: dict[str, str]) -> None:
        if self._first_option is None:
            self._first_option = a.get("value", "")
        if "selected" in a and not self._selected:
            self._selected = True
            self.data.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.done = self.done or self.inside
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._selected:
                self.data.append((self._select, self._first_option or ""))
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, text = self.data[-1]
            self.data[-1] = (name, text + data)


def form_data(page: str, action: str) -> dict[str, Any]:
    reader = _FormReader(action)
    reader.feed(page)
    data: dict[str, Any] = {}
    for name, value in reader.data:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return data


@dataclass
class Case:
    """One edit form: who opens it, its URL, the text field to change, and how to read the
    stored text back."""

    login: str
    url: Callable[[dict[str, Any]], str]
    field: str
    stored: Callable[[dict[str, Any]], str]
    second_login: str | None = None
    extra: dict[str, str] | None = None


@pytest.fixture
def people(demo) -> dict[str, Any]:
    kees = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    sanne = Employee.objects.get(organisation=demo, personnel_number="D-manager")
    return {"demo": demo, "kees": kees, "sanne": sanne}


@pytest.fixture
def world(people) -> dict[str, Any]:
    """A talk of Sanne with Kees, held, with notes, an agreement in its POP (with an
    activity) and a report draft; an answer of Kees to his first question."""
    demo, kees, sanne = people["demo"], people["kees"], people["sanne"]
    manager = actor_for(sanne)
    conversation = planning.plan_conversation(
        manager,
        employee=kees,
        conversation_type=default_types(demo)[0],
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=15),
        duration_minutes=60,
        place="Spreekkamer 2",
        base_url="http://testserver/",
        send_email=False,
    )
    talk_actions.save_phase(manager, conversation, "opening", {"opening": "Welkom."})
    point = talk_actions.save_agreement(
        manager, conversation, category=Category.FUNCTION, title="Tekening lezen", goal="Lezen."
    )
    activity = plans.save_activity(
        manager, point, kind="course", description="Cursus tekening lezen"
    )
    question = conversation.template.questions.filter(audience=Audience.EMPLOYEE).first()
    hr = actor_for(Employee.objects.get(organisation=demo, personnel_number="D-hr"))
    item = cards.add_item(
        actor_for(kees), kees, theme=Theme.GROEI, kind=ItemKind.WISH, what="Leren lassen."
    )
    course = plans.save_course(hr, name="Lassen", institute="ROC", cost=Decimal("100.00"))
    return {
        **people,
        "item": item,
        "course": course,
        "template": conversation.template,
        "conversation": conversation,
        "plan": point.plan,
        "point": point,
        "activity": activity,
        "question": question,
    }


@pytest.fixture
def held(world) -> dict[str, Any]:
    talk_actions.finish_talk(actor_for(world["sanne"]), world["conversation"], held_earlier=True)
    return world


def _client(users: dict[str, Any], username: str) -> Client:
    client = Client()
    client.force_login(users[username], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _notes(w: dict[str, Any]) -> str:
    return TalkNotes.objects.get(conversation=w["conversation"]).opening


CASES = {
    "talk notes": Case(
        "manager",
        lambda w: reverse("conversation-talk-phase", args=[w["conversation"].pk, "opening"]),
        "opening",
        _notes,
        extra={"go": "stay"},
    ),
    "agreement in the talk": Case(
        "manager",
        lambda w: reverse(
            "conversation-agreement-edit", args=[w["conversation"].pk, w["point"].pk]
        ),
        "goal",
        lambda w: DevelopmentPoint.objects.get(pk=w["point"].pk).goal,
    ),
    "plan point": Case(
        "manager",
        lambda w: reverse("plan-point-edit", args=[w["plan"].pk, w["point"].pk]),
        "goal",
        lambda w: DevelopmentPoint.objects.get(pk=w["point"].pk).goal,
    ),
    "plan": Case(
        "manager",
        lambda w: reverse("plan-edit", args=[w["plan"].pk]),
        "work_experience",
        lambda w: DevelopmentPlan.objects.get(pk=w["plan"].pk).work_experience,
    ),
    "activity": Case(
        "manager",
        lambda w: reverse("plan-activity-edit", args=[w["plan"].pk, w["activity"].pk]),
        "description",
        lambda w: Activity.objects.get(pk=w["activity"].pk).description,
    ),
    "person": Case(
        "hr",
        lambda w: reverse("person-edit", args=[w["kees"].pk]),
        "function",
        lambda w: Employee.objects.get(pk=w["kees"].pk).function,
        second_login="admin",
    ),
    "card item": Case(
        "medewerker",
        lambda w: reverse("card-item-edit", args=[w["kees"].pk, w["item"].pk]),
        "what",
        lambda w: CardItem.objects.get(pk=w["item"].pk).what,
        second_login="manager",
    ),
    "course": Case(
        "hr",
        lambda w: reverse("course-edit", args=[w["course"].pk]),
        "name",
        lambda w: Course.objects.get(pk=w["course"].pk).name,
    ),
    "organisation settings": Case(
        "admin",
        lambda w: reverse("organisation-settings"),
        "why_text",
        lambda w: Organisation.objects.get(pk=w["demo"].pk).why_text,
    ),
    "team": Case(
        "admin",
        lambda w: reverse("team-edit", args=[w["kees"].team_id]),
        "name",
        lambda w: Team.objects.get(pk=w["kees"].team_id).name,
    ),
    "template": Case(
        "hr",
        lambda w: reverse("template-edit", args=[w["template"].pk]),
        "employee",
        lambda w: "\n".join(
            current_template(w["template"].conversation_type)
            .questions.filter(audience=Audience.EMPLOYEE)
            .values_list("text", flat=True)
        ),
        second_login="admin",
        extra={"note": "Eigen vraag."},
    ),
    "preparation answers": Case(
        "medewerker",
        lambda w: reverse("conversation-prepare", args=[w["conversation"].pk]),
        "answer-{question}",
        lambda w: Answer.objects.get(conversation=w["conversation"], question=w["question"]).text,
    ),
}


def _field(case: Case, w: dict[str, Any]) -> str:
    return case.field.format(question=w["question"].pk)


def _two_forms(case: Case, w: dict[str, Any], users: dict[str, Any]) -> tuple:
    url = case.url(w)
    first = _client(users, case.login)
    second = _client(users, case.second_login or case.login)
    forms = []
    for client in (first, second):
        response = client.get(url)
        assert response.status_code == 200
        data = form_data(response.content.decode(), url)
        forms.append({**data, **(case.extra or {})})
    return url, (first, forms[0]), (second, forms[1])


@pytest.mark.parametrize("name", list(CASES))
def test_second_save_of_the_same_form_is_refused_with_both_texts(name, world, users):
    case, w = CASES[name], world
    field = _field(case, w)
    url, (first, mine), (second, theirs) = _two_forms(case, w, users)
    first_response = first.post(url, {**mine, field: "Eerste tekst, van de eerste."})
    assert first_response.status_code == 302, first_response.content.decode()[:2000]
    response = second.post(url, {**theirs, field: "Tweede tekst, van de tweede."})
    assert response.status_code == 409
    page = response.content.decode()
    assert STALE in page
    assert "Eerste tekst, van de eerste." in page  # the stored text
    assert "Tweede tekst, van de tweede." in page  # the user's own text, not lost
    assert case.stored(w) == "Eerste tekst, van de eerste."


@pytest.mark.parametrize("name", list(CASES))
def test_keeping_my_version_saves_it_with_the_new_token(name, world, users):
    """The conflict page offers "Mijn versie opslaan": the same values with the new token."""
    case, w = CASES[name], world
    field = _field(case, w)
    url, (first, mine), (second, theirs) = _two_forms(case, w, users)
    first.post(url, {**mine, field: "Eerste tekst."})
    page = second.post(url, {**theirs, field: "Mijn tekst."}).content.decode()
    token_name = "revision" if "revision" in theirs else f"revision-{w['question'].pk}"
    tokens = re.findall(rf'name="{token_name}" value="(\d+)"', page)
    assert tokens and all(int(t) > int(theirs[token_name]) for t in tokens)
    response = second.post(url, {**theirs, field: "Mijn tekst.", token_name: tokens[-1]})
    assert response.status_code == 302
    assert case.stored(w) == "Mijn tekst."


def test_a_save_with_the_current_token_goes_through(world, users):
    case, w = CASES["plan point"], world
    url, (first, mine), _second = _two_forms(case, w, users)
    assert first.post(url, {**mine, "goal": "Eén keer."}).status_code == 302
    again = form_data(first.get(url).content.decode(), url)
    assert first.post(url, {**again, "goal": "Twee keer."}).status_code == 302
    assert CASES["plan point"].stored(w) == "Twee keer."


def test_report_draft(held, users):
    """The report the manager writes: two tabs, the second save is refused."""
    conversation = held["conversation"]
    url = reverse("conversation-report", args=[conversation.pk])
    first, second = _client(users, "manager"), _client(users, "manager")
    mine = form_data(first.get(url).content.decode(), url)
    theirs = form_data(second.get(url).content.decode(), url)
    assert "revision" in mine
    assert first.post(url, {**mine, "summary": "Samenvatting één."}).status_code == 302
    response = second.post(url, {**theirs, "summary": "Samenvatting twee."})
    assert response.status_code == 409
    page = response.content.decode()
    assert STALE in page and "Samenvatting één." in page and "Samenvatting twee." in page
    assert Report.objects.get(conversation=conversation).summary == "Samenvatting één."


def _htmx(client: Client, url: str, data: dict[str, Any]):
    return client.post(url, data, HTTP_HX_REQUEST="true")


def test_talk_notes_autosave_carries_the_token_and_refuses_a_stale_one(world, users):
    conversation = world["conversation"]
    url = reverse("conversation-talk-phase", args=[conversation.pk, "opening"])
    phone, laptop = _client(users, "manager"), _client(users, "manager")
    on_phone = form_data(phone.get(url).content.decode(), url)
    on_laptop = form_data(laptop.get(url).content.decode(), url)
    saved = _htmx(phone, url, {**on_phone, "opening": "Van de telefoon."})
    assert saved.status_code == 200
    # The answer carries the new token, swapped into the form's hidden field.
    new = re.search(r'id="id_revision" value="(\d+)" hx-swap-oob="true"', saved.content.decode())
    assert new and int(new.group(1)) > int(on_phone["revision"])
    stale = _htmx(laptop, url, {**on_laptop, "opening": "Van de laptop."})
    assert stale.status_code == 409
    status = stale.content.decode()
    assert STALE in status and "Van de telefoon." in status and "Van de laptop." in status
    assert _notes(world) == "Van de telefoon."
    # The phone keeps saving with the token it got back.
    again = _htmx(phone, url, {**on_phone, "revision": new.group(1), "opening": "Weer."})
    assert again.status_code == 200
    assert _notes(world) == "Weer."


def test_answer_autosave_refuses_a_stale_token(world, users):
    conversation, question = world["conversation"], world["question"]
    prepare = reverse("conversation-prepare", args=[conversation.pk])
    url = reverse("conversation-answer", args=[conversation.pk, question.pk])
    one, two = _client(users, "medewerker"), _client(users, "medewerker")
    first = form_data(one.get(prepare).content.decode(), prepare)
    second = form_data(two.get(prepare).content.decode(), prepare)
    field, token = f"answer-{question.pk}", f"revision-{question.pk}"
    assert first[token] == "0"  # not answered yet
    saved = _htmx(one, url, {**first, field: "Eerste antwoord."})
    assert saved.status_code == 200
    assert re.search(rf'id="{token}" value="\d+" hx-swap-oob="true"', saved.content.decode())
    stale = _htmx(two, url, {**second, field: "Tweede antwoord."})
    assert stale.status_code == 409
    assert STALE in stale.content.decode() and "Eerste antwoord." in stale.content.decode()
    assert Answer.objects.get(conversation=conversation, question=question).text == (
        "Eerste antwoord."
    )


def test_actions_refuse_an_old_revision(world):
    """The check is in the action (the one door): an API gets it too."""
    from koers.lib.concurrency import StaleEdit

    manager = actor_for(world["sanne"])
    point = world["point"]
    token = point.revision
    plans.save_point(manager, point.plan, point, expected_revision=token, goal="A")
    stale = DevelopmentPoint.objects.get(pk=point.pk)
    stale.revision = token
    with pytest.raises(StaleEdit) as refused:
        plans.save_point(manager, point.plan, stale, expected_revision=token, goal="B")
    assert refused.value.current.goal == "A"
    assert refused.value.code == "edit.stale"
    assert DevelopmentPoint.objects.get(pk=point.pk).goal == "A"


def test_every_save_moves_the_revision_on(world):
    notes = TalkNotes.objects.get(conversation=world["conversation"])
    before = notes.revision
    talk_actions.finish_talk(actor_for(world["sanne"]), world["conversation"], held_earlier=True)
    assert TalkNotes.objects.get(pk=notes.pk).revision > before


@pytest.mark.parametrize("token", ["99999999999999999999999", "²", "-1", "abc"])
def test_a_bad_token_is_refused_plainly(token, world, users):
    """A made-up token is a form error (or, for an answer, no token), never a server error."""
    case, w = CASES["plan point"], world
    url, (first, mine), _second = _two_forms(case, w, users)
    response = first.post(url, {**mine, "goal": "Niet zo.", "revision": token})
    assert response.status_code == 200
    assert DevelopmentPoint.objects.get(pk=w["point"].pk).goal == "Lezen."
    conversation, question = w["conversation"], w["question"]
    answer = reverse("conversation-answer", args=[conversation.pk, question.pk])
    client = _client(users, "medewerker")
    data = {f"answer-{question.pk}": "Ja.", f"revision-{question.pk}": token}
    assert _htmx(client, answer, data).status_code in (200, 409)


# --- settings without a revision column of their own: the token is a hash of the values the
# form was loaded with (koers.lib.concurrency.fingerprint)


@dataclass
class SettingCase:
    login: str
    url: Callable[[dict[str, Any]], str]
    field: str
    first: str
    second: str
    stored: Callable[[dict[str, Any]], Any]
    expected: Any
    extra: dict[str, str] | None = None
    second_login: str | None = None


def _roles(w: dict[str, Any]) -> tuple[bool, bool]:
    kees = Employee.objects.get(pk=w["kees"].pk)
    return kees.is_hr, kees.is_org_admin


SETTING_CASES = {
    "profile language": SettingCase(
        "medewerker",
        lambda w: reverse("profile"),
        "language",
        "en",
        "nl",
        lambda w: Employee.objects.get(pk=w["kees"].pk).user.language,
        "en",
    ),
    "notification channel": SettingCase(
        "medewerker",
        lambda w: reverse("notification-settings"),
        "channel",
        "in_app",
        "email",
        lambda w: Employee.objects.get(pk=w["kees"].pk).user.notification_preference.channel,
        "in_app",
    ),
    "teamkaart names": SettingCase(
        "manager",
        lambda w: reverse("teamcard-edit", args=[w["kees"].team_id]),
        "name_display",
        "initials",
        "first_name",
        lambda w: Team.objects.get(pk=w["kees"].team_id).card.name_display,
        "initials",
        extra={"action": "names"},
    ),
    "talk interval": SettingCase(
        "manager",
        lambda w: reverse("followup-interval", args=[w["kees"].pk]),
        "months",
        "6",
        "24",
        lambda w: Employee.objects.get(pk=w["kees"].pk).conversation_interval.months,
        6,
        second_login="hr",
    ),
    "roles": SettingCase(
        "admin",
        lambda w: reverse("person-access", args=[w["kees"].pk]),
        "is_hr",
        "on",
        "",
        _roles,
        (True, False),
        extra={"action": "roles"},
    ),
}


def _token(page: str, marker: str) -> str:
    start = page.index(marker) if marker else 0
    return re.search(r'name="revision" value="(\d+)"', page[start:]).group(1)


@pytest.mark.parametrize("name", list(SETTING_CASES))
def test_a_stale_setting_is_refused(name, people, users):
    case, w = SETTING_CASES[name], people
    url = case.url(w)
    marker = 'value="roles"' if name == "roles" else ""
    first = _client(users, case.login)
    second = _client(users, case.second_login or case.login)
    tokens = [_token(c.get(url).content.decode(), marker) for c in (first, second)]
    extra = case.extra or {}
    saved = first.post(url, {**extra, case.field: case.first, "revision": tokens[0]})
    assert saved.status_code == 302, saved.content.decode()[:1500]
    theirs = {**extra, "revision": tokens[1]}
    if case.second:
        theirs[case.field] = case.second
    if name == "roles":
        theirs["is_org_admin"] = "on"  # the second admin makes Kees admin, on the old form
    response = second.post(url, theirs)
    assert response.status_code == 409
    assert 'id="conflict"' in response.content.decode()
    assert case.stored(w) == case.expected
    # "Mijn versie opslaan" sends the same values with the token of what is stored now.
    again = re.search(
        r'name="revision" value="(\d+)">\s*<button[^>]*>', response.content.decode()
    ).group(1)
    assert second.post(url, {**theirs, "revision": again}).status_code == 302
    assert case.stored(w) != case.expected


def test_a_stale_move_of_the_talk_is_refused(world, users):
    """Two tabs of the manager move the same talk; the second, on the old page, would put it
    back at another time without seeing the first move."""
    url = reverse("conversation-reschedule", args=[world["conversation"].pk])
    first, second = _client(users, "manager"), _client(users, "manager")
    mine = form_data(first.get(url).content.decode(), url)
    theirs = form_data(second.get(url).content.decode(), url)
    day = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    assert first.post(url, {**mine, "date": day, "place": "Kantine"}).status_code == 302
    response = second.post(url, {**theirs, "place": "Spreekkamer 5"})
    assert response.status_code == 409
    page = response.content.decode()
    assert STALE in page and "Kantine" in page and "Spreekkamer 5" in page
    world["conversation"].refresh_from_db()
    assert world["conversation"].place == "Kantine"


def test_a_budget_set_meanwhile_is_not_replaced_unseen(world, users):
    """Two HR colleagues set the training budget of the same department and year from a
    fresh form: the second sees the first's amount next to their own before replacing it."""
    from koers.plans.models import TrainingBudget

    url = reverse("plan-budget")
    department = world["kees"].team.department
    first, second = _client(users, "hr"), _client(users, "hr")
    mine = form_data(first.get(url).content.decode(), url)
    theirs = form_data(second.get(url).content.decode(), url)
    year = str(datetime.date.today().year + 1)
    post = {"department": str(department.pk), "year": year}
    assert first.post(url, {**mine, **post, "amount": "5000"}).status_code == 302
    response = second.post(url, {**theirs, **post, "amount": "8000"})
    assert response.status_code == 409
    page = response.content.decode()
    box = page[page.index(STALE) :]
    assert "5000.00" in box and "8000" in box  # theirs stored, mine kept
    assert TrainingBudget.objects.get(department=department, year=year).amount == 5000
    token = re.findall(r'name="revision" value="(\d+)"', page)[-1]
    again = second.post(url, {**theirs, **post, "amount": "8000", "revision": token})
    assert again.status_code == 302
    assert TrainingBudget.objects.get(department=department, year=year).amount == 8000
