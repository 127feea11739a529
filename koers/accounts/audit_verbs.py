"""What the log can say about a login's preferences (see koers.lib.verbs)."""

from django.utils.translation import gettext_lazy as _

from koers.lib.verbs import Verb

VERBS = (Verb("account.language_changed", _("heeft de taal van Koers gewijzigd")),)
