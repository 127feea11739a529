from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "koers.cards"
    label = "cards"
    verbose_name = _("Gesprekskaarten")

    def ready(self) -> None:
        from koers.cards import signals  # noqa: F401 (connects the receivers)
