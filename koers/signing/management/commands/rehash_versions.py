"""``koers rehash_versions``: after a new KOERS_SIGNING_KEY, re-hash the sealed versions.

Run with the old key in KOERS_OLD_SIGNING_KEY and the new one in KOERS_SIGNING_KEY (see
docs/deployment.md). Versions that do not verify under the old key are listed and left alone.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from koers.access.actor import Actor
from koers.lib.env import env_str
from koers.organisations.models import Organisation
from koers.signing.actions import rehash_versions


class Command(BaseCommand):
    help = "Re-hash signed versions with a new KOERS_SIGNING_KEY (old: KOERS_OLD_SIGNING_KEY)."

    def handle(self, *args: object, **options: object) -> None:
        old_key = env_str("KOERS_OLD_SIGNING_KEY", "")
        if not old_key:
            raise CommandError("Set KOERS_OLD_SIGNING_KEY to the key the versions are sealed with.")
        if old_key == settings.KOERS_SIGNING_KEY:
            raise CommandError("KOERS_OLD_SIGNING_KEY is the current key: nothing to do.")
        done, wrong = 0, []
        # Every organisation in one transaction: a key change is never half done.
        with transaction.atomic():
            for organisation in Organisation.objects.order_by("pk"):
                result = rehash_versions(Actor.for_system(organisation.pk), organisation, old_key)
                done += result.rehashed
                wrong += result.not_verifying
        self.stdout.write(f"rehash_versions: {done} version(s) re-hashed")
        if wrong:
            ids = ", ".join(str(pk) for pk in sorted(wrong))
            self.stdout.write(f"do not verify under the old key (left as they are): {ids}")
