from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "koers.plans"
    label = "plans"
    verbose_name = _("Ontwikkelplannen (POP)")

    def ready(self) -> None:
        from koers.plans.signed import PlanDocument
        from koers.signing import documents

        documents.register(PlanDocument)
