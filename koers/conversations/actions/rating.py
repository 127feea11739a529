"""The employee's own answer to "wat vond u van het gesprek?" (003 Afronding, 004 Afsluiting).

The employee answers after the talk is held, and may change the answer until the report is
signed by both (the talk's status ``held`` or ``reported``); after that it is history like the
report. The manager reads the answer and never writes it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.conversations.models import RATING_SCORES, Conversation, TalkRating
from koers.conversations.talk import may_rate
from koers.lib import concurrency
from koers.lib.errors import Refused, register_messages
from koers.lib.forms import require_plain_text

MAX_COMMENT = 500

register_messages(
    {
        "rating.closed": _(
            "U kunt nu niet (meer) zeggen wat u van dit gesprek vond: dat kan na het gesprek,"
            " tot het verslag door u allebei is getekend."
        ),
        "rating.invalid": _("Kies een cijfer van 1 tot 5, of 'Liever niet'."),
    }
)


@transaction.atomic
def rate_talk(
    actor: Actor,
    conversation: Conversation,
    *,
    score: int | None,
    declined: bool = False,
    comment: str = "",
    expected_revision: int | None = None,
) -> TalkRating:
    """004 Afsluiting: "vraag aan de medewerker wat hij van het gesprek vond" — the employee
    gives a mark of 1 to 5 with an optional sentence, or declines ("liever niet": no mark, no
    sentence). Answering again replaces the answer, also one the manager typed before."""
    policy.require(actor, "rate", conversation)
    if not may_rate(conversation):
        raise Refused("rating.closed")
    comment = (comment or "").strip()
    require_plain_text(comment)
    if declined:
        score, comment = None, ""
    if (score is None) != declined or (score is not None and score not in RATING_SCORES):
        raise Refused("rating.invalid")
    if len(comment) > MAX_COMMENT:
        raise Refused("rating.invalid")
    rating, created = TalkRating.objects.select_for_update().get_or_create(
        conversation=conversation,
        defaults={"answered_at": timezone.now(), "answered_by_id": actor.employee_id},
    )
    values = {"score": score, "declined": declined, "comment": comment}
    concurrency.claim(
        rating,
        expected_revision,
        created=created,
        values={**values, "given_by": TalkRating.GivenBy.EMPLOYEE},
    )
    for name, value in values.items():
        setattr(rating, name, value)
    rating.given_by = TalkRating.GivenBy.EMPLOYEE
    rating.answered_by_id = actor.employee_id
    rating.answered_at = timezone.now()
    rating.save()
    # The mark and the sentence stay out of the log: HR reads the log, and sees marks only
    # as averages of five or more.
    verb = "talk.rating_declined" if declined else "talk.rated"
    audit.record(actor, verb, conversation, employee=conversation.employee)
    return rating
