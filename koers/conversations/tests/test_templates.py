import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.conversations import defaults, queries
from koers.conversations.actions import planning, templates
from koers.conversations.models import Audience, ConversationTemplate, ConversationType
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.testing import default_types

pytestmark = pytest.mark.django_db


def test_default_templates_hold_the_sources_questions(demo):
    types = default_types(demo)
    assert [t.kind for t in types] == ["ontwikkelgesprek", "loopbaangesprek", "pop", "iop"]
    template = queries.current_template(types[0])
    assert [p.title for p in template.phases.all()] == [
        "Opening",
        "Evaluatie",
        "Informatie uitwisselen",
        "Plannen",
        "Afsluiting",
    ]
    texts = {
        audience: [q.text for q in template.questions.filter(audience=audience)]
        for audience in Audience.values
    }
    assert texts[Audience.EMPLOYEE][0] == "Hoe zie ik mijn huidige functie?"  # 001 step 2
    assert "Wat zijn mijn drijfveren en ambities?" in texts[Audience.EMPLOYEE]  # 004
    assert (  # 001 "Leiding ook nadenken"
        "Hoe kan ik de capaciteiten van medewerkers anders of beter inzetten?"
        in texts[Audience.MANAGER]
    )
    assert "Is er opleidingsnoodzaak?" in texts[Audience.MANAGER]  # 004
    assert len(texts[Audience.STRENGTHS]) == 4  # 002 step 2
    assert texts[Audience.STRENGTHS][0].startswith("Wat voor werk doet u graag?")
    assert "Hoe staat u in uw werk?" in texts[Audience.INFORMATION]


def test_default_templates_are_created_once(demo):
    default_types(demo)
    default_types(demo)
    assert ConversationType.objects.filter(organisation=demo).count() == 4
    assert ConversationTemplate.objects.filter(conversation_type__organisation=demo).count() == 4


def test_iop_is_het_goede_gesprek(demo):
    iop = next(t for t in default_types(demo) if t.kind == "iop")
    assert "het goede gesprek" in iop.name


def test_a_new_template_version_leaves_planned_conversations_alone(demo):
    ontwikkel = default_types(demo)[0]
    old = queries.current_template(ontwikkel)
    kees = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    conversation = planning.plan_conversation(
        actor_for(kees.team.managers.get()),
        employee=kees,
        conversation_type=ontwikkel,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
    )
    old_questions = list(
        conversation.template.questions.filter(audience=Audience.EMPLOYEE).values_list(
            "text", flat=True
        )
    )

    # HR removes one question, reorders, and adds one of their own.
    hr = Employee.objects.get(organisation=demo, personnel_number="D-hr")
    new = templates.copy_template(
        actor_for(hr),
        old,
        note="Eigen vraag",
        questions={
            Audience.EMPLOYEE: [
                ("Wat wil ik leren?", ""),
                ("Hoe zie ik mijn huidige functie?", ""),
            ]
        },
    )

    assert new.version == 2 and new.based_on == old
    assert queries.current_template(ontwikkel) == new
    assert list(
        new.questions.filter(audience=Audience.EMPLOYEE).values_list("text", flat=True)
    ) == ["Wat wil ik leren?", "Hoe zie ik mijn huidige functie?"]
    # Lists not given are copied as they were.
    assert new.questions.filter(audience=Audience.MANAGER).count() == len(
        defaults.MANAGER_QUESTIONS
    )
    assert new.phases.count() == 5
    conversation.refresh_from_db()
    assert conversation.template == old
    assert (
        list(
            conversation.template.questions.filter(audience=Audience.EMPLOYEE).values_list(
                "text", flat=True
            )
        )
        == old_questions
    )


def test_pages_say_this_is_not_a_functioneringsgesprek(login_as):
    response = login_as("manager").get(reverse("conversation-plan"))
    assert "geen functioneringsgesprek" in response.content.decode()
    assert "geen beoordeling" in response.content.decode()


def test_hr_edits_a_template_as_a_new_version(login_as, demo, kees, sanne):
    ontwikkel = default_types(demo)[0]
    old = queries.current_template(ontwikkel)
    talk = planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=ontwikkel,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
        send_email=False,
    )
    client = login_as("hr")
    assert client.get(reverse("template-list")).status_code == 200
    page = client.get(reverse("template-edit", args=[old.pk]))
    form = page.context["form"]
    employee_lines = form["employee"].initial.splitlines()
    assert employee_lines[0] == "Hoe zie ik mijn huidige functie?"

    # Move the second question to the top, drop the last, add one.
    new_lines = [employee_lines[1], employee_lines[0], *employee_lines[2:-1], "Wat wil ik leren?"]
    response = client.post(
        reverse("template-edit", args=[old.pk]),
        {
            "employee": "\n".join(new_lines),
            "manager": form["manager"].initial,
            "strengths": form["strengths"].initial,
            "information": "",
            "note": "Eigen vraag",
        },
    )
    new = queries.current_template(ontwikkel)
    assert response.status_code == 302
    assert response["Location"] == reverse("template-detail", args=[new.pk])
    assert new.version == 2
    texts = list(new.questions.filter(audience=Audience.EMPLOYEE).values_list("text", flat=True))
    assert texts == new_lines
    # An existing question keeps its explanation.
    assert new.questions.get(text="Hoe zie ik mijn huidige functie?").help_text
    assert not new.questions.filter(audience=Audience.INFORMATION).exists()

    talk.refresh_from_db()
    assert talk.template == old
    assert old.questions.filter(audience=Audience.EMPLOYEE).count() == len(
        defaults.EMPLOYEE_QUESTIONS
    )
    # A talk planned now gets the new version.
    later = planning.plan_conversation(
        actor_for(sanne),
        employee=Employee.objects.filter(team=kees.team, email__gt="").exclude(pk=kees.pk)[0],
        conversation_type=ontwikkel,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
        send_email=False,
    )
    assert later.template == new


def test_template_edit_needs_an_employee_list(login_as, demo):
    template = queries.current_template(default_types(demo)[0])
    response = login_as("hr").post(
        reverse("template-edit", args=[template.pk]), {"employee": "  ", "note": "leeg"}
    )
    assert response.status_code == 200
    assert "employee" in response.context["form"].errors
    assert queries.current_template(template.conversation_type) == template


# --- issue 10 item 10: no side effects on GET --------------------------------------------


def test_a_founded_organisation_has_the_default_templates():
    from koers.access.actor import Actor
    from koers.organisations.actions import people

    organisation = people.found_organisation(
        Actor(system=True),  # the platform, as the demo and the command found organisations
        name="Nieuw Bedrijf",
        slug="nieuw-bedrijf",
    )
    kinds = list(
        ConversationType.objects.filter(organisation=organisation).values_list("kind", flat=True)
    )
    assert kinds == ["ontwikkelgesprek", "loopbaangesprek", "pop", "iop"]
    assert (
        ConversationTemplate.objects.filter(
            conversation_type__organisation=organisation, version=1
        ).count()
        == 4
    )


@pytest.mark.parametrize(
    ("user", "url_name"),
    [("hr", "template-list"), ("hr", "conversation-list"), ("manager", "conversation-plan")],
)
def test_opening_a_page_creates_no_rows(demo, login_as, user, url_name):
    from koers.testing import assert_no_writes

    client = login_as(user)
    with assert_no_writes():
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_migration_seeds_organisations_founded_without_templates(demo):
    import importlib

    from django.apps import apps

    from koers.organisations.models import Organisation

    migration = importlib.import_module(
        "koers.conversations.migrations.0005_seed_default_templates"
    )
    bare = Organisation.objects.create(name="Van voor de stichting", slug="oud-bedrijf")
    before = ConversationType.objects.filter(organisation=demo).count()
    migration.seed_defaults(apps, None)
    assert ConversationType.objects.filter(organisation=bare).count() == 4
    template = queries.current_template(ConversationType.objects.get(organisation=bare, kind="pop"))
    reference = queries.current_template(
        ConversationType.objects.get(organisation=demo, kind="pop")
    )
    assert [q.text for q in template.questions.all()] == [q.text for q in reference.questions.all()]
    assert ConversationType.objects.filter(organisation=demo).count() == before  # left alone
