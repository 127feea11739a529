"""``koers rehash_versions``: after a new KOERS_SIGNING_KEY, re-hash the sealed versions.

Run with the old key in KOERS_OLD_SIGNING_KEY and the new one in KOERS_SIGNING_KEY (see
docs/deployment.md). Versions that do not verify under the old key are listed and left alone.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from koers.lib.env import env_str
from koers.signing.sealing import rehash


class Command(BaseCommand):
    help = "Re-hash signed versions with a new KOERS_SIGNING_KEY (old: KOERS_OLD_SIGNING_KEY)."

    def handle(self, *args: object, **options: object) -> None:
        old_key = env_str("KOERS_OLD_SIGNING_KEY", "")
        if not old_key:
            raise CommandError("Set KOERS_OLD_SIGNING_KEY to the key the versions are sealed with.")
        if old_key == settings.KOERS_SIGNING_KEY:
            raise CommandError("KOERS_OLD_SIGNING_KEY is the current key: nothing to do.")
        result = rehash(old_key)
        self.stdout.write(f"rehash_versions: {result.rehashed} version(s) re-hashed")
        if result.not_verifying:
            ids = ", ".join(str(pk) for pk in result.not_verifying)
            self.stdout.write(f"do not verify under the old key (left as they are): {ids}")
