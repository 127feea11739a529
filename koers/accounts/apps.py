from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The rate limits live in the database cache (settings.CACHES): every `migrate`
    creates its table when it is missing, so several web nodes share one count."""
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "koers.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
