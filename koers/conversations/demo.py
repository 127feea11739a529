"""Demo conversations for team Assemblage, in several statuses (idempotent).

- Kees Bakker (`medewerker`): in preparation, preparation shared, agenda points on both sides.
- two colleagues: planned, one of them invited by letter (no e-mail address).
- one colleague without login: prepared together with the manager.
- one cancelled talk.
Everything goes through the services, as a manager would do it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from koers.conversations import services
from koers.conversations.models import Audience, Conversation, ConversationType
from koers.organisations.models import Employee, Organisation

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
    types = {t.kind: t for t in services.ensure_default_templates(organisation)}
    team = organisation.teams.filter(name=DEMO_TEAM).first()
    if team is None:
        return
    manager = team.managers.order_by("pk").first()
    if manager is None or Conversation.objects.filter(employee__team=team).exists():
        return
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
        services.cancel(
            cancelled,
            by=manager,
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
    return services.plan_conversation(
        manager=manager,
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
    services.save_answers(
        conversation,
        by=by,
        side="employee" if audience == Audience.EMPLOYEE else "manager",
        answers={q.pk: text for q, text in zip(questions, texts, strict=False)},
        together=together,
    )


def _prepared_and_shared(
    kees: Employee, manager: Employee, conversation_type: ConversationType
) -> None:
    conversation = plan(kees, manager, conversation_type, _at(20, 10))
    _answer_all(conversation, kees, kees, Audience.EMPLOYEE)
    services.share_preparation(conversation, by=kees)
    point = services.add_agenda_point(
        conversation, by=kees, side="employee", text="Cursus tekening lezen"
    )
    services.share_agenda_point(point)
    services.add_agenda_point(
        conversation, by=kees, side="employee", text="Vaste pauzes op de late dienst"
    )
    _answer_all(conversation, kees, manager, Audience.MANAGER)
    services.add_agenda_point(
        conversation, by=manager, side="manager", text="Inwerken van nieuwe collega's"
    )
