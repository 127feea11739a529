"""Demo conversations for team Assemblage, in several statuses (idempotent).

- Kees Bakker (`medewerker`): in preparation, preparation shared, agenda points on both sides.
- two colleagues: planned, one of them invited by letter (no e-mail address).
- one colleague without login: prepared together with the manager.
- one cancelled talk.
- three talks held some weeks ago, walked through every phase with SMART agreements (which are
  the points of a POP linked to the talk): one with a report signed by both, one whose report
  waits for the employee, one whose report is still to be written.
Everything goes through the actions, as the manager and the employee would do it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from koers.access.actor import Actor
from koers.conversations.actions import planning, preparation, rating, report, talk
from koers.conversations.actions.templates import ensure_default_templates
from koers.conversations.models import Audience, Conversation, ConversationType, Report
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation
from koers.plans.models import Category
from koers.signing.models import Choice

DEMO_BASE_URL = "http://localhost:8000/"
DEMO_TEAM = "Assemblage"

EMPLOYEE_ANSWERS = [
    "Ik zet de onderdelen goed en snel in elkaar. Ik wil beter worden in het lezen van "
    "tekeningen, dan hoef ik minder te vragen.",
    "Ik wil graag voorman worden, of nieuwe collega's inwerken.",
    "Het liefst leer ik op de werkvloer, door het te doen. Een korte cursus mag ook, in werktijd.",
]
MANAGER_ANSWERS = [
    "Er komt een nieuwe lijn bij; we hebben mensen nodig die tekeningen kunnen lezen.",
    "Kansen: meer werk voor Assemblage. Bedreiging: te weinig mensen die kunnen inwerken.",
]


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@transaction.atomic
def extend_demo(organisation: Organisation) -> None:
    types = {
        t.kind: t for t in ensure_default_templates(Actor.for_system(organisation.pk), organisation)
    }
    team = organisation.teams.filter(name=DEMO_TEAM).first()
    if team is None:
        return
    manager = team.managers.order_by("pk").first()
    if manager is None:
        return
    if not Conversation.objects.filter(employee__team=team).exists():
        _plan_and_prepare(team, manager, types)
    if not Report.objects.filter(conversation__employee__team=team).exists():
        _held_talks(team, manager, types)


def _plan_and_prepare(team, manager: Employee, types: dict[str, ConversationType]) -> None:
    members = list(team.members.in_service().exclude(pk=manager.pk).order_by("personnel_number"))
    kees = next((m for m in members if m.personnel_number == "D-medewerker"), None)
    others = [m for m in members if m.pk != getattr(kees, "pk", None)]
    if kees is not None:
        _prepared_and_shared(kees, manager, types["ontwikkelgesprek"])
    with_mail = [m for m in others if m.email]
    without_mail = [m for m in others if not m.email]
    planned = with_mail[:1] + without_mail[:1]
    for days, member in zip((28, 29), planned, strict=False):
        plan(member, manager, types["loopbaangesprek"], _at(days, 10))
    without_login = [m for m in others if m.user_id is None and m not in planned]
    if without_login:
        together = plan(without_login[0], manager, types["pop"], _at(21, 13))
        _answer_all(together, without_login[0], manager, Audience.EMPLOYEE, together=True)
    rest = [m for m in with_mail if m not in planned and m not in without_login[:1]]
    if rest:
        cancelled = plan(rest[0], manager, types["iop"], _at(30, 9))
        planning.cancel(
            actor_for(manager),
            cancelled,
            reason="Door de drukte verschoven; nieuwe datum volgt.",
            base_url=DEMO_BASE_URL,
            send_email=False,
        )


def plan(
    employee: Employee,
    manager: Employee,
    conversation_type: ConversationType,
    starts_at: datetime.datetime,
) -> Conversation:
    return planning.plan_conversation(
        actor_for(manager),
        employee=employee,
        conversation_type=conversation_type,
        starts_at=starts_at,
        duration_minutes=60,
        place="Spreekkamer 2, hal B",
        short_notice_confirmed=True,
        base_url=DEMO_BASE_URL,
        send_email=False,
    )


def _answer_all(
    conversation: Conversation,
    employee: Employee,
    by: Employee,
    audience: str,
    *,
    together: bool = False,
) -> None:
    texts = EMPLOYEE_ANSWERS if audience == Audience.EMPLOYEE else MANAGER_ANSWERS
    questions = conversation.template.questions.filter(audience=audience)
    preparation.save_answers(
        actor_for(by),
        conversation,
        side="employee" if audience == Audience.EMPLOYEE else "manager",
        answers={q.pk: text for q, text in zip(questions, texts, strict=False)},
        together=together,
    )


def _prepared_and_shared(
    kees: Employee, manager: Employee, conversation_type: ConversationType
) -> None:
    conversation = plan(kees, manager, conversation_type, _at(20, 10))
    _answer_all(conversation, kees, kees, Audience.EMPLOYEE)
    as_kees, as_manager = actor_for(kees), actor_for(manager)
    preparation.share_preparation(as_kees, conversation)
    point = preparation.add_agenda_point(
        as_kees, conversation, side="employee", text="Cursus tekening lezen"
    )
    preparation.share_agenda_point(as_kees, point)
    preparation.add_agenda_point(
        as_kees, conversation, side="employee", text="Vaste pauzes op de late dienst"
    )
    _answer_all(conversation, kees, manager, Audience.MANAGER)
    preparation.add_agenda_point(
        as_manager, conversation, side="manager", text="Inwerken van nieuwe collega's"
    )


# The POP demo (koers.plans.demo) gives plans to Kees and the next three members; the held
# talks go to people after them, so that nobody gets two plans.
PLANS_DEMO_MEMBERS = 3

AGREEMENTS = [
    {
        "category": Category.FUNCTION,
        "title": "Tekening lezen",
        "goal": "Zelf een werktekening lezen en het product zonder hulp maken.",
        "measure": "Drie producten op rij goed gemaakt van tekening, gekeurd door de voorman.",
        "approach": "Een korte cursus en elke week een uur oefenen met de voorman.",
        "employee_part": "Volgt de cursus en oefent elke week.",
        "employer_part": "Betaalt de cursus en plant het oefenuur in werktijd.",
        "support": "Cursusgeld en een uur per week.",
        "follow_up": "Elke maand vijf minuten in het werkoverleg.",
    },
    {
        "category": Category.CAREER,
        "title": "Nieuwe collega's inwerken",
        "goal": "Twee nieuwe collega's inwerken op de nieuwe lijn.",
        "measure": "De nieuwe collega's werken na vier weken zelfstandig.",
        "approach": "Meelopen met de teamleider bij het inwerken en daarna zelf doen.",
        "employee_part": "Maakt een inwerklijst en begeleidt de nieuwe collega's.",
        "employer_part": "Geeft twee uur per week voor het inwerken.",
        "support": "Twee uur per week.",
        "follow_up": "In het volgende ontwikkelgesprek.",
    },
]


def _held_talks(team, manager: Employee, types: dict[str, ConversationType]) -> None:
    busy = Conversation.objects.filter(employee__team=team).values_list("employee_id", flat=True)
    members = list(
        team.members.in_service()
        .exclude(pk=manager.pk)
        .exclude(personnel_number="D-medewerker")
        .order_by("personnel_number")
    )
    free = [m for m in members[PLANS_DEMO_MEMBERS:] if m.pk not in set(busy)]
    lead = actor_for(manager)
    for member, days_ago, stage in zip(
        free, (40, 12, 2), ("signed", "reported", "held"), strict=False
    ):
        conversation = plan(member, manager, types["ontwikkelgesprek"], _at(-days_ago, 10))
        _walk_the_talk(conversation, lead, deadline=_at(200 - days_ago, 10).date())
        talk.finish_talk(lead, conversation)
        if stage == "held":
            continue  # the employee has not said yet what they thought of it
        rating.rate_talk(
            actor_for(member), conversation, score=4, comment="Fijn dat er tijd voor was."
        )
        written = report.start_report(lead, conversation)
        report.save_report(
            lead,
            written,
            summary=written.summary,
            closing=written.closing
            + "\n\nEen goed gesprek; we gaan aan de slag met twee afspraken.",
        )
        report.submit_report(lead, written)
        if stage == "signed":
            employee = actor_for(member)
            report.sign_report(employee, written, Choice.AGREED)
            report.sign_report(lead, written, Choice.AGREED)


def _walk_the_talk(conversation: Conversation, lead, *, deadline: datetime.date) -> None:
    """Every phase, as the manager fills it in during the talk."""
    notes = {
        "opening": {
            "opening": "Welkom geheten; doel, duur en opbouw toegelicht. Agenda: "
            "tekening lezen en het inwerken van nieuwe collega's."
        },
        "evaluation": {"evaluation": "Er was nog geen eerder gesprek."},
        "information": {
            "employee_wishes": "Wil beter tekeningen lezen en later nieuwe collega's inwerken.",
            "manager_adds": "Er komt een nieuwe lijn; tekening lezen is daar nodig.",
        },
        "planning": {
            "options_inside": "Meer taken op de eigen lijn, zoals inwerken.",
            "options_other_function": "Later eventueel voorman.",
            "options_outside": "Niet aan de orde.",
            "pros_cons": "Voor: meer afwisseling. Tegen: minder tijd voor eigen werk.",
            "obstacles": "Drukte op de lijn in het najaar.",
            "blind_spots": "Onderschat zelf hoe goed de uitleg aan anderen gaat.",
            "responsibilities": "Medewerker: oefenen. Werkgever: cursus en tijd.",
        },
        "closing": {
            "closing": "De afspraken samen SMART samengevat.",
            "next_date": deadline,
        },
    }
    for phase, values in notes.items():
        talk.save_phase(lead, conversation, phase, values)
    for agreement in AGREEMENTS:
        talk.save_agreement(lead, conversation, **agreement, deadline=deadline)
