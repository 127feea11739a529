"""The card actions keep the contract: a refused actor changes nothing, a change is logged
on the employee's dossier (without the typed text)."""

import pytest

from koers.audit.models import AuditEvent
from koers.cards import actions
from koers.cards.models import CardItem, ItemKind, Theme
from koers.lib.errors import NotAllowed
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee


def person(number: str, org: str = "demo-werkbedrijf") -> Employee:
    return Employee.objects.get(organisation__slug=org, personnel_number=number)


@pytest.fixture
def kees(demo) -> Employee:
    return person("D-medewerker")


def test_hr_cannot_write_on_a_card_and_nothing_changes(kees):
    hr = actor_for(person("D-hr"))
    events = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        actions.add_item(hr, kees, theme=Theme.GEZOND, kind=ItemKind.WISH, what="Vaste pauzes")
    assert not CardItem.objects.filter(card__employee=kees).exists()
    assert AuditEvent.objects.count() == events


def test_the_manager_cannot_share_and_nothing_changes(kees):
    item = actions.add_item(actor_for(kees), kees, theme=Theme.GROEI, kind=ItemKind.WISH, what="X")
    events = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        actions.share_item(actor_for(person("D-manager")), item)
    item.refresh_from_db()
    assert not item.shared
    assert AuditEvent.objects.count() == events


def test_adding_and_sharing_are_logged_without_the_text(kees):
    what = "Ik wil leren solderen."
    item = actions.add_item(
        actor_for(kees), kees, theme=Theme.GROEI, kind=ItemKind.AGREEMENT, what=what
    )
    actions.share_item(actor_for(kees), item)
    added, shared = AuditEvent.objects.filter(employee=kees, verb__startswith="card.").order_by(
        "seq"
    )
    assert (added.verb, added.actor_id) == ("card.item_added", kees.pk)
    assert added.params == {"item": item.pk, "theme": "groei", "kind": "agreement"}
    assert shared.verb == "card.item_shared"
    assert what not in str(added.params) + str(shared.params)
