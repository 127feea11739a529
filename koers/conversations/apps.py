from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "koers.conversations"
    label = "conversations"
    verbose_name = _("Gesprekken")

    def ready(self) -> None:
        from koers.conversations.signed import ReportDocument
        from koers.signing import documents

        documents.register(ReportDocument)
