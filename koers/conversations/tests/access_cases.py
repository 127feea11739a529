"""Access matrix rows for the conversation pages (see koers.testing).

Targets: Kees Bakker's talk (team Assemblage, led by `manager`; preparation shared), a talk of
an Assemblage member without login, Dewi Hendriks's talk (`collega`, team Verpakken, led by
someone without login) and a talk in Tweede Organisatie.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from koers.testing import Case

BASE_URL = "http://testserver/"


def _plan(organisation_slug: str, personnel_number: str) -> Any:
    """A planned talk with the employee's current team leader, three weeks ahead."""
    from koers.conversations.actions import planning
    from koers.conversations.models import Conversation
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Employee
    from koers.testing import default_types

    employee = Employee.objects.select_related("team").get(
        organisation__slug=organisation_slug, personnel_number=personnel_number
    )
    existing = Conversation.objects.filter(employee=employee).open().first()
    if existing:
        return existing
    types = default_types(employee.organisation)
    return planning.plan_conversation(
        actor_for(employee.team.managers.order_by("pk").first()),
        employee=employee,
        conversation_type=types[0],
        starts_at=timezone.now() + datetime.timedelta(days=21),
        duration_minutes=60,
        place="Spreekkamer",
        base_url=BASE_URL,
        send_email=False,
    )


def _demo_conversations(demo: Any) -> None:
    from koers.conversations.demo import extend_demo

    extend_demo(demo)


def own_team_conversation(demo: Any) -> list[Any]:
    _demo_conversations(demo)
    return [_plan("demo-werkbedrijf", "D-medewerker").pk]


def together_conversation(demo: Any) -> list[Any]:
    from koers.conversations.models import Conversation

    _demo_conversations(demo)
    return [
        Conversation.objects.get(
            employee__team__name="Assemblage",
            prepared_together_by__isnull=False,
        ).pk
    ]


def other_team_conversation(demo: Any) -> list[Any]:
    return [_plan("demo-werkbedrijf", "D-collega").pk]


def other_org_conversation(demo: Any) -> list[Any]:
    return [_plan("tweede-organisatie", "T005").pk]


def _question(audience: str):
    def build(demo: Any) -> list[Any]:
        from koers.conversations.models import Conversation

        [pk] = own_team_conversation(demo)
        conversation = Conversation.objects.get(pk=pk)
        return [pk, conversation.template.questions.filter(audience=audience).first().pk]

    return build


def _private_point(side: str):
    def build(demo: Any) -> list[Any]:
        from koers.conversations.actions import preparation
        from koers.conversations.models import Conversation
        from koers.organisations.actors import actor_for

        [pk] = own_team_conversation(demo)
        conversation = Conversation.objects.get(pk=pk)
        by = conversation.employee if side == "employee" else conversation.manager
        point = preparation.add_agenda_point(
            actor_for(by), conversation, side=side, text="Privé punt"
        )
        return [pk, point.pk]

    return build


def _template(organisation_slug: str):
    def build(demo: Any) -> list[Any]:
        from koers.conversations import queries
        from koers.organisations.models import Organisation
        from koers.testing import default_types

        organisation = Organisation.objects.get(slug=organisation_slug)
        types = default_types(organisation)
        return [queries.current_template(types[0]).pk]

    return build


def _talk_with_report(organisation_slug: str, personnel_number: str, *, sign: bool = True):
    """A held talk with one agreement and its report, signed by both (or only prepared)."""

    def build(demo: Any) -> list[Any]:
        from koers.conversations.actions import planning
        from koers.conversations.actions import report as report_actions
        from koers.conversations.actions import talk as talk_actions
        from koers.organisations.actors import actor_for
        from koers.organisations.models import Employee
        from koers.testing import default_types

        employee = Employee.objects.select_related("team").get(
            organisation__slug=organisation_slug, personnel_number=personnel_number
        )
        manager = actor_for(employee.team.managers.order_by("pk").first())
        conversation = planning.plan_conversation(
            actor_for(manager.employee),
            employee=employee,
            conversation_type=default_types(employee.organisation)[1],
            starts_at=timezone.now() + datetime.timedelta(days=10),
            duration_minutes=60,
            place="Spreekkamer",
            short_notice_confirmed=True,
            base_url=BASE_URL,
            send_email=False,
        )
        talk_actions.save_agreement(manager, conversation, category="function", title="Afspraak")
        talk_actions.finish_talk(manager, conversation, held_earlier=True)
        if sign:
            report = report_actions.start_report(manager, conversation)
            report_actions.submit_report(manager, report)
            report_actions.sign_report(actor_for(employee), report, "agreed")
            report_actions.sign_report(manager, report, "agreed")
        return [conversation.pk]

    return build


def _series(organisation_slug: str, personnel_number: str):
    """A trajectory of two talks with the employee's current team leader."""

    def build(demo: Any) -> list[Any]:
        from koers.conversations.actions import series
        from koers.organisations.actors import actor_for
        from koers.organisations.models import Employee
        from koers.testing import default_types

        employee = Employee.objects.select_related("team").get(
            organisation__slug=organisation_slug, personnel_number=personnel_number
        )
        manager = employee.team.managers.order_by("pk").first()
        trajectory = series.plan_series(
            actor_for(manager),
            employee=employee,
            conversation_type=default_types(employee.organisation)[1],
            theme="Doorgroeien",
            talk_count=2,
            first_starts_at=timezone.now() + datetime.timedelta(days=20),
            weeks_between=4,
            duration_minutes=45,
            place="Spreekkamer",
            base_url=BASE_URL,
            send_email=False,
        )
        return [trajectory.pk]

    return build


def _with(build, *extra: Any):
    def wrapped(demo: Any) -> list[Any]:
        return [*build(demo), *extra]

    return wrapped


def _agreement(build):
    def wrapped(demo: Any) -> list[Any]:
        from koers.plans.models import DevelopmentPoint

        [pk] = build(demo)
        return [pk, DevelopmentPoint.objects.filter(plan__conversation_id=pk).get().pk]

    return wrapped


def _open_with_agreement(organisation_slug: str, personnel_number: str):
    def build(demo: Any) -> list[Any]:
        from koers.conversations.actions import talk as talk_actions
        from koers.conversations.models import Conversation
        from koers.organisations.actors import actor_for

        conversation = Conversation.objects.get(pk=_plan(organisation_slug, personnel_number).pk)
        manager = actor_for(conversation.employee.team.managers.order_by("pk").first())
        talk_actions.save_agreement(manager, conversation, category="career", title="Heftruck")
        return [conversation.pk]

    return build


TARGETS = {
    "own_org_template": _template("demo-werkbedrijf"),
    "other_org_template": _template("tweede-organisatie"),
    "own_team_conversation": own_team_conversation,
    "together_conversation": together_conversation,
    "other_team_conversation": other_team_conversation,
    "other_org_conversation": other_org_conversation,
    "own_team_employee_question": _question("employee"),
    "own_team_manager_question": _question("manager"),
    "own_team_employee_point": _private_point("employee"),
    "own_team_manager_point": _private_point("manager"),
    "own_team_talk_phase": _with(own_team_conversation, "evaluation"),
    "own_team_series": _series("demo-werkbedrijf", "D-medewerker"),
    "other_org_series": _series("tweede-organisatie", "T005"),
    "other_team_talk_phase": _with(other_team_conversation, "evaluation"),
    "own_team_agreement": _agreement(_open_with_agreement("demo-werkbedrijf", "D-medewerker")),
    "other_team_agreement": _agreement(_open_with_agreement("demo-werkbedrijf", "D-collega")),
    "own_team_held_report": _talk_with_report("demo-werkbedrijf", "D-medewerker", sign=False),
    "own_team_signed_report": _talk_with_report("demo-werkbedrijf", "D-medewerker"),
    "other_team_signed_report": _talk_with_report("demo-werkbedrijf", "D-collega"),
    "other_org_signed_report": _talk_with_report("tweede-organisatie", "T005"),
    "own_team_signed_report_v1": _with(_talk_with_report("demo-werkbedrijf", "D-medewerker"), 1),
    "other_team_signed_report_v1": _with(_talk_with_report("demo-werkbedrijf", "D-collega"), 1),
    "other_org_signed_report_v1": _with(_talk_with_report("tweede-organisatie", "T005"), 1),
}

# Reading a talk: the employee, their current manager, HR of the organisation.
READERS = {"medewerker": 200, "manager": 200, "hr": 200}
# Preparing: only the two people in the talk.
PARTIES = {"medewerker": 200, "manager": 200}

TEMPLATE_EDITORS = {"hr": 200, "admin": 200}

CASES = [
    Case("conversation-list", {}, default=200),
    Case("template-list", {**TEMPLATE_EDITORS, "hr2": 200}, default=403),
    *[
        Case(name, {**TEMPLATE_EDITORS, "hr2": 404}, target="own_org_template", default=403)
        for name in ("template-detail", "template-edit")
    ],
    *[
        Case(name, {"hr": 404, "admin": 404, "hr2": 200}, target="other_org_template", default=403)
        for name in ("template-detail", "template-edit")
    ],
    Case("conversation-plan", {"manager": 200}, default=403),
    # Trajectories (004): the current manager plans them; they read as the talks.
    Case("conversation-series-plan", {"manager": 200}, default=403),
    Case("conversation-series", READERS, target="own_team_series", default=404),
    Case("conversation-series", {"hr2": 200}, target="other_org_series", default=404),
    Case(
        "conversation-series",
        {"manager": 302, "medewerker": 302, "hr": 302},
        target="own_team_series",
        method="post",
        data={"summary": "Samenvatting."},
        default=404,
    ),
    Case("conversation-detail", READERS, target="own_team_conversation", default=404),
    Case(
        "conversation-detail",
        {"collega": 200, "hr": 200},
        target="other_team_conversation",
        default=404,
    ),
    Case("conversation-detail", {"hr2": 200}, target="other_org_conversation", default=404),
    # The invitation (calendar file, letter) is for the two in the talk; HR reads the talk
    # but is not invited to it.
    *[
        Case(name, PARTIES, target="own_team_conversation", default=404)
        for name in ("conversation-ics", "conversation-letter")
    ],
    *[
        Case(name, {"collega": 200}, target="other_team_conversation", default=404)
        for name in ("conversation-ics", "conversation-letter")
    ],
    *[
        Case(name, {}, target="other_org_conversation", default=404)
        for name in ("conversation-ics", "conversation-letter")
    ],
    *[
        Case(name, {"manager": 200}, target="own_team_conversation", default=403)
        for name in ("conversation-reschedule", "conversation-cancel")
    ],
    *[
        Case(name, {"manager": 404}, target=target, default=403)
        for name in ("conversation-reschedule", "conversation-cancel")
        for target in ("other_team_conversation", "other_org_conversation")
    ],
    Case("conversation-prepare", PARTIES, target="own_team_conversation", default=404),
    Case("conversation-prepare", {"collega": 200}, target="other_team_conversation", default=404),
    Case("conversation-prepare", {}, target="other_org_conversation", default=404),
    # Filling in together: only for an employee without login, by their manager.
    Case(
        "conversation-prepare-together",
        {"manager": 200},
        target="together_conversation",
        default=403,
    ),
    Case("conversation-prepare-together", {}, target="own_team_conversation", default=403),
    Case(
        "conversation-prepare-together",
        {"manager": 404},
        target="other_team_conversation",
        default=403,
    ),
    Case(
        "conversation-answer",
        {"medewerker": 302},
        target="own_team_employee_question",
        method="post",
        data={"text": "x"},
        default=404,
    ),
    Case(
        "conversation-answer",
        {"manager": 302},
        target="own_team_manager_question",
        method="post",
        data={"text": "y"},
        default=404,
    ),
    Case(
        "conversation-share",
        {"medewerker": 302},
        target="own_team_conversation",
        method="post",
        default=404,
    ),
    Case(
        "conversation-share",
        {"collega": 302},
        target="other_team_conversation",
        method="post",
        default=404,
    ),
    Case(
        "conversation-agenda-add",
        {"medewerker": 302, "manager": 302},
        target="own_team_conversation",
        method="post",
        data={"text": "Punt"},
        default=404,
    ),
    Case(
        "conversation-agenda-add",
        {},
        target="other_org_conversation",
        method="post",
        data={"text": "Punt"},
        default=404,
    ),
    *[
        Case(name, {who: 302}, target=f"own_team_{side}_point", method="post", default=404)
        for name in ("conversation-agenda-share", "conversation-agenda-delete")
        for who, side in (("medewerker", "employee"), ("manager", "manager"))
    ],
    # The guided talk: only the employee's current manager; everyone else 404 (the employee,
    # HR, another team's manager, other organisations).
    *[
        Case(name, {"manager": 200}, target="own_team_conversation", default=404)
        for name in ("conversation-talk", "conversation-agreement-add")
    ],
    *[
        Case(name, {}, target=target, default=404)
        for name in ("conversation-talk", "conversation-agreement-add")
        for target in ("other_team_conversation", "other_org_conversation")
    ],
    Case("conversation-talk-phase", {"manager": 200}, target="own_team_talk_phase", default=404),
    Case("conversation-talk-phase", {}, target="other_team_talk_phase", default=404),
    Case(
        "conversation-talk-finish",
        {"manager": 302},
        target="own_team_conversation",
        method="post",
        data={"held_earlier": "1"},
        default=404,
    ),
    *[
        Case("conversation-talk-finish", {}, target=target, method="post", default=404)
        for target in ("other_team_conversation", "other_org_conversation")
    ],
    Case("conversation-agreement-edit", {"manager": 200}, target="own_team_agreement", default=404),
    Case("conversation-agreement-edit", {}, target="other_team_agreement", default=404),
    Case(
        "conversation-agreement-delete",
        {"manager": 302},
        target="own_team_agreement",
        method="post",
        default=404,
    ),
    Case(
        "conversation-agreement-delete",
        {},
        target="other_team_agreement",
        method="post",
        default=404,
    ),
    # 004 Afsluiting: the employee says what they thought of the held talk; the manager, HR
    # and everyone else get a 404 (the manager reads the answer on the talk page). After
    # signing the employee still reads their answer.
    Case("conversation-rating", {"medewerker": 200}, target="own_team_held_report", default=404),
    Case(
        "conversation-rating",
        {"medewerker": 302},
        target="own_team_held_report",
        method="post",
        data={"answer": "4"},
        default=404,
    ),
    Case("conversation-rating", {}, target="own_team_conversation", default=404),
    Case("conversation-rating", {"collega": 200}, target="other_team_signed_report", default=404),
    Case("conversation-rating", {}, target="other_org_signed_report", default=404),
    # The report: the two people in the talk; HR of the organisation once it is signed.
    Case(
        "conversation-report",
        {"medewerker": 200, "manager": 200},
        target="own_team_conversation",
        default=404,
    ),
    Case(
        "conversation-report",
        {"medewerker": 200, "manager": 200},
        target="own_team_held_report",
        default=404,
    ),
    *[
        Case(name, {"medewerker": 200, "manager": 200, "hr": 200}, target=target, default=404)
        for name, target in (
            ("conversation-report", "own_team_signed_report"),
            ("conversation-report-pdf", "own_team_signed_report"),
            ("conversation-report-versions", "own_team_signed_report"),
            ("conversation-report-version-pdf", "own_team_signed_report_v1"),
        )
    ],
    *[
        Case(name, {"collega": 200, "hr": 200}, target=target, default=404)
        for name, target in (
            ("conversation-report", "other_team_signed_report"),
            ("conversation-report-pdf", "other_team_signed_report"),
            ("conversation-report-versions", "other_team_signed_report"),
            ("conversation-report-version-pdf", "other_team_signed_report_v1"),
        )
    ],
    *[
        Case(name, {"hr2": 200}, target=target, default=404)
        for name, target in (
            ("conversation-report", "other_org_signed_report"),
            ("conversation-report-pdf", "other_org_signed_report"),
            ("conversation-report-versions", "other_org_signed_report"),
            ("conversation-report-version-pdf", "other_org_signed_report_v1"),
        )
    ],
    Case("conversation-report-pdf", {"manager": 200}, target="own_team_held_report", default=404),
    # The versions of a report being written: the manager only (the employee reads what is
    # offered to them, HR what is signed).
    Case(
        "conversation-report-versions",
        {"manager": 200},
        target="own_team_held_report",
        default=404,
    ),
    Case(
        "conversation-report-sign",
        {"medewerker": 302, "manager": 302},
        target="own_team_signed_report",
        method="post",
        data={"choice": "agreed"},
        default=404,
    ),
    *[
        Case(
            "conversation-report-sign",
            expect,
            target=target,
            method="post",
            data={"choice": "agreed"},
            default=404,
        )
        for expect, target in (
            ({"collega": 302}, "other_team_signed_report"),
            ({}, "other_org_signed_report"),
        )
    ],
    # Entering a signature from paper: the employee's current manager only (a signed report
    # has nothing waiting: a redirect with a message).
    Case(
        "conversation-report-sign-paper",
        {"medewerker": 403, "manager": 302},
        target="own_team_signed_report",
        method="post",
        data={"choice": "agreed", "signed_on": "2026-01-01"},
        default=404,
    ),
    *[
        Case(
            "conversation-report-sign-paper",
            expect,
            target=target,
            method="post",
            data={"choice": "agreed", "signed_on": "2026-01-01"},
            default=404,
        )
        for expect, target in (
            ({"collega": 403}, "other_team_signed_report"),
            ({}, "other_org_signed_report"),
        )
    ],
    Case(
        "conversation-report-correct",
        {"medewerker": 403, "manager": 302},
        target="own_team_signed_report",
        method="post",
        default=404,
    ),
    *[
        Case("conversation-report-correct", expect, target=target, method="post", default=404)
        for expect, target in (
            ({"collega": 403}, "other_team_signed_report"),
            ({}, "other_org_signed_report"),
        )
    ],
]
