"""Using an activation: the person types the code (or follows the link) and chooses their own
password (issue 10). Nobody is signed in yet: the code is the proof.

Wrong codes are counted and stay counted, also when the attempt is refused: the counting is
committed before the refusal is raised. Per activation: after ``MAX_WRONG_ATTEMPTS`` wrong
codes whose first group matches, the activation is void (HR makes a new one). Per network
address: after ``settings.KOERS_ACTIVATION_FAILURES_PER_HOUR`` wrong codes in an hour, no
code at all is checked from that address for the rest of the hour.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access import policy
from koers.access.actor import Actor
from koers.lib.errors import Refused, register_messages
from koers.organisations import activation_codes as codes
from koers.organisations import audit
from koers.organisations.actors import actor_for
from koers.organisations.models import Activation, ActivationFailure

User = get_user_model()

register_messages(
    {
        "activation.wrong_code": _(
            "Deze code klopt niet. Kijk goed naar de code in de brief en typ hem opnieuw."
        ),
        "activation.too_many_tries": _(
            "U heeft te vaak een verkeerde code getypt. Probeer het over een uur opnieuw, of "
            "vraag HR om hulp."
        ),
        "activation.used": _(
            "Deze code is al gebruikt. Weet u uw wachtwoord niet meer? Vraag HR om uw toegang "
            "opnieuw in te stellen."
        ),
        "activation.expired": _("Deze code is verlopen. Vraag HR om een nieuwe brief of link."),
        "activation.voided": _(
            "Deze code werkt niet meer. Er is een nieuwere brief of link, of de code is te vaak "
            "verkeerd getypt. Vraag HR om hulp."
        ),
        "activation.login_stopped": _("Deze login werkt niet meer. Vraag HR om hulp."),
        "activation.weak_password": _("Kies een ander wachtwoord: %(problem)s"),
    }
)

WINDOW = datetime.timedelta(hours=1)


def check_activation_code(actor: Actor, typed: str, *, address: str) -> Activation:
    """The first step: is this a code that can be used now? Raises ``Refused`` (the wrong
    attempt is counted all the same) or ``NotAllowed``."""
    with transaction.atomic():
        activation, refusal = _find(actor, typed, address)
    if refusal is not None:
        raise refusal
    return activation


def activate(actor: Actor, typed: str, password: str, *, address: str) -> User:
    """Issue 10: the person chooses their own password with the code; the code is used up.
    ``password`` has passed the form's check; it is checked again against the validators."""
    with transaction.atomic():
        activation, refusal = _find(actor, typed, address)
        if activation is not None:
            user = activation.user
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise Refused(
                    "activation.weak_password", problem=" ".join(error.messages)
                ) from error
            user.set_password(password)
            user.save(update_fields=["password"])
            activation.used_at = timezone.now()
            activation.save(update_fields=["used_at"])
            # The person did it: the code proved who they are.
            person = actor_for(activation.employee)
            audit.record(person, "activation.used", activation, employee=activation.employee)
    if refusal is not None:
        raise refusal
    return user


def _find(actor: Actor, typed: str, address: str) -> tuple[Activation | None, Refused | None]:
    now = timezone.now()
    failures = ActivationFailure.objects.filter(address=address, at__gt=now - WINDOW)
    if failures.count() >= settings.KOERS_ACTIVATION_FAILURES_PER_HOUR:
        return None, Refused("activation.too_many_tries")
    code = codes.normalised(typed)
    candidates = (
        list(
            Activation.objects.select_related("user", "employee").filter(
                lookup=codes.lookup_of(code)
            )
        )
        if codes.is_well_formed(code)
        else []
    )
    match = next((a for a in candidates if codes.matches(code, a.code_hash)), None)
    if match is None:
        _count_wrong(address, [a for a in candidates if a.is_open(now)], now)
        return None, Refused("activation.wrong_code")
    policy.require(actor, "use", match)
    if match.used_at is not None:
        return None, Refused("activation.used")
    if match.voided_at is not None:
        return None, Refused("activation.voided")
    if match.expires_at <= now:
        return None, Refused("activation.expired")
    if not match.user.is_active or not match.employee.is_in_service():
        return None, Refused("activation.login_stopped")
    return match, None


def _count_wrong(address: str, meant: list[Activation], now: datetime.datetime) -> None:
    """One wrong code from this address; against each open activation whose first group it
    matched (a typo, or someone who read half a letter)."""
    # Data minimisation: addresses are kept only as long as the throttle needs them.
    ActivationFailure.objects.filter(at__lte=now - WINDOW).delete()
    ActivationFailure.objects.create(address=address, at=now)
    for activation in meant:
        Activation.objects.filter(pk=activation.pk).update(wrong_attempts=F("wrong_attempts") + 1)
        activation.refresh_from_db(fields=["wrong_attempts"])
        if activation.wrong_attempts >= Activation.MAX_WRONG_ATTEMPTS:
            activation.voided_at = now
            activation.void_reason = Activation.VoidReason.ATTEMPTS
            activation.save(update_fields=["voided_at", "void_reason"])
            audit.record(
                Actor.for_system(activation.organisation_id),
                "activation.voided",
                activation,
                employee=activation.employee,
                reason=Activation.VoidReason.ATTEMPTS,
            )
