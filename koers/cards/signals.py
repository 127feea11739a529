"""The POP and the card stay one source of truth when a plan point goes away."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from koers.cards.models import CardItem
from koers.plans.models import DevelopmentPoint


@receiver(pre_delete, sender=DevelopmentPoint, dispatch_uid="cards-return-text-to-card")
def _point_removed(sender: Any, instance: DevelopmentPoint, **kwargs: Any) -> None:
    return_text_to_card(instance)


def return_text_to_card(point: DevelopmentPoint) -> None:
    """The point leaves the POP (removed, or its plan deleted, each through a plans action
    that records it): its text moves back to the card item, which then holds it again, so
    the agreement is never lost nor doubled."""
    if point.card_item_id is None:
        return
    CardItem.objects.filter(pk=point.card_item_id).update(
        what=(point.goal or point.title)[:500], updated_at=timezone.now()
    )
