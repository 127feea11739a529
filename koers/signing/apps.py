from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "koers.signing"
    label = "signing"
    verbose_name = _("Ondertekening")

    def ready(self) -> None:
        from koers.signing import checks  # noqa: F401 (registers the deploy check)
