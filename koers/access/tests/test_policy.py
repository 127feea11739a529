"""The policy table: one ``require`` for every rule, and every app's rules loaded."""

from __future__ import annotations

import pytest

from koers.access import policy
from koers.conversations.models import Conversation
from koers.lib.errors import NotAllowed, Refused, register_messages
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee


def test_every_rule_is_loaded_at_start_up():
    assert ("conversations.conversation", "conduct") in policy.rules()


def test_an_unknown_verb_is_a_programming_error():
    class Thing:
        policy_kind = "conversations.conversation"

    with pytest.raises(LookupError):
        policy.allows(actor=None, verb="fly", obj=Thing())  # type: ignore[arg-type]


@pytest.mark.django_db
def test_only_the_current_manager_conducts_a_talk(demo):
    employee = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    conversation = Conversation(organisation=demo, employee=employee)
    manager = employee.team.managers.exclude(pk=employee.pk).first()
    hr = Employee.objects.get(organisation=demo, personnel_number="D-hr")
    policy.require(actor_for(manager), "conduct", conversation)
    for who in (employee, hr):
        with pytest.raises(NotAllowed):
            policy.require(actor_for(who), "conduct", conversation)
    assert policy.allows(actor_for(hr), "read", conversation)


def test_a_refusal_is_rendered_in_the_active_language():
    from django.utils import translation
    from django.utils.translation import gettext_lazy as _

    register_messages({"test.closed": _("Dit gesprek kan niet meer worden gewijzigd.")})
    refusal = Refused("test.closed")
    assert refusal.code == "test.closed"
    with translation.override("en"):
        assert refusal.message == "This conversation can no longer be changed."
    with pytest.raises(LookupError):
        Refused("test.never-registered")
