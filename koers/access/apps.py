from django.apps import AppConfig
from django.conf import settings
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from koers.lib.database import optimize, write_marker


class AccessConfig(AppConfig):
    """Registered so that every app's policy rules are loaded at start-up; its one model is
    the one-time form token (``koers.access.once``)."""

    name = "koers.access"
    label = "access"
    verbose_name = _("Toegang")

    def ready(self) -> None:
        from koers.access.policy import load_policies

        load_policies()
        post_migrate.connect(_remember_database, sender=self)
        post_migrate.connect(_optimize_statistics, sender=self)


def _remember_database(using: str = "default", **kwargs: object) -> None:
    """After migrate: a marker says the SQLite file exists (koers.lib.database)."""
    write_marker(connections[using].settings_dict, settings.DATA_DIR)


def _optimize_statistics(using: str = "default", **kwargs: object) -> None:
    """After migrate: SQLite's ``PRAGMA optimize`` (koers.lib.database.optimize)."""
    optimize(connections[using])
