"""Actions on a login's own preferences."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from koers.access import policy
from koers.access.actor import Actor
from koers.accounts.models import User
from koers.lib import concurrency
from koers.lib.errors import Refused, register_messages
from koers.organisations import audit

register_messages(
    {"account.invalid_language": _("Koers kan niet worden getoond in de taal %(language)s.")}
)


@transaction.atomic
def set_language(
    actor: Actor, user: User, language: str, *, expected_revision: int | None = None
) -> User:
    """The UI language a person reads Koers in (Dutch by default, English second).
    ``expected_revision``: the profile form's token; a save made in an
    older tab after the language changed elsewhere is refused (``StaleEdit``)."""
    policy.require(actor, "set_language", user)
    stored = User.objects.select_for_update().values("language").get(pk=user.pk)
    concurrency.claim_values(stored, expected_revision, {"language": language})
    user.language = language
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise Refused("account.invalid_language", language=language) from error
    user.save(update_fields=["language"])
    # A login without a person in an organisation (a platform superuser) has no log to
    # write to; everyone else's change is on their own file.
    if actor.organisation_id is not None:
        audit.record(actor, "account.language_changed", user, employee=actor.employee)
    return user
