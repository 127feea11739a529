"""What the dossier log can say about signed versions (see koers.audit.verbs)."""

from django.utils.translation import gettext_lazy as _

from koers.audit.verbs import Verb

VERBS = (
    Verb(
        "versions.rehashed",
        _(
            "heeft %(rehashed)s getekende versie(s) met de nieuwe ondertekeningssleutel "
            "vastgelegd (%(not_verifying)s klopte(n) al niet)"
        ),
        {"rehashed": int, "not_verifying": int},
    ),
    Verb(
        "version.verification_failed",
        _(
            "heeft versie %(number)s geopend; die versie is gewijzigd na ondertekening "
            "(de controle klopte niet)"
        ),
        {"number": int},
        read=True,
    ),
)
