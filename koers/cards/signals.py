"""The POP and the card stay one source of truth when a plan point goes away."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from koers.cards.services import return_text_to_card
from koers.plans.models import DevelopmentPoint


@receiver(pre_delete, sender=DevelopmentPoint, dispatch_uid="cards-return-text-to-card")
def _point_removed(sender: Any, instance: DevelopmentPoint, **kwargs: Any) -> None:
    return_text_to_card(instance)
