"""Who may do what with a conversation, its preparation, report and templates (the access
policy table)."""

from __future__ import annotations

from typing import Any

from koers.access import policy
from koers.access.actor import Actor
from koers.access.relations import FILE_READERS, LED_NOW, OWN, OWN_OR_LED
from koers.access.roles import Role
from koers.conversations.queries import side_of

policy.register(
    "conversations.conversation",
    # 001: the employee, their current manager and HR of the organisation read it.
    read=policy.on_person(FILE_READERS),
    # The current manager plans, moves, cancels and conducts the talk (Gesprek voeren).
    conduct=policy.on_person(LED_NOW),
    # Each side prepares its own part; the manager reads the employee's once shared.
    prepare=policy.on_person(OWN_OR_LED),
    # The employee shares their preparation.
    share=policy.on_person(OWN),
    # 004 Afsluiting: only the employee says what they thought of the talk.
    rate=policy.on_person(OWN),
)


def _own_side(actor: Actor, point: Any) -> bool:
    """An agenda point is its side's: the employee's or the current manager's."""
    return side_of(actor, point.conversation) == point.side


policy.register("conversations.agendapoint", edit=_own_side)

policy.register(
    "conversations.report",
    # 003: the employee, their current manager and HR (signed versions) read it.
    read=policy.on_person(FILE_READERS, "conversation.employee"),
    # The current manager writes, offers, withdraws and corrects the report, and enters a
    # paper signature.
    write=policy.on_person(LED_NOW, "conversation.employee"),
    # The two people in the talk sign.
    sign=policy.on_person(OWN_OR_LED, "conversation.employee"),
)


def _edits_templates(actor: Actor, template: Any) -> bool:
    """HR and the org admin edit their organisation's templates."""
    return actor.has_role(Role.HR, Role.ORG_ADMIN) and (
        template.conversation_type.organisation_id == actor.organisation_id
    )


policy.register("conversations.conversationtemplate", edit=_edits_templates)


def _member_of(actor: Actor, organisation: Any) -> bool:
    """The default types appear for anyone of the organisation who needs them (the first
    list, planning or template page), or a job acting for it."""
    return actor.organisation_id is not None and organisation.pk == actor.organisation_id


def _leads_team(actor: Actor, team: Any) -> bool:
    return team.organisation_id == actor.organisation_id and team.pk in actor.led_team_ids


policy.register(
    "organisations.organisation",
    set_up_conversation_types=_member_of,
    # 001 step 1: the e-mail invitations go out through their outbox (a job, never a person).
    send_invitations=policy.system_of_organisation,
)
# 004: the current manager plans talks, one person or a whole team they lead.
policy.register("organisations.employee", plan_conversation=policy.on_self(LED_NOW))
# 004 trajectories: read as the talks; the current manager writes the series' summary.
policy.register(
    "conversations.trajectory",
    read=policy.on_person(FILE_READERS),
    summarise=policy.on_person(LED_NOW),
)
policy.register("organisations.team", plan_conversations=_leads_team)
