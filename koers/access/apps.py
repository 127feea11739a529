from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """No models: registered so that every app's policy rules are loaded at start-up."""

    name = "koers.access"
    label = "access"
    verbose_name = _("Toegang")

    def ready(self) -> None:
        from koers.access.policy import load_policies

        load_policies()
