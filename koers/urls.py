from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language


def provider_superusers_only(request: HttpRequest) -> bool:
    """The Django admin is the provider's tool across all organisations: only its
    superusers, never an organisation's HR or admin (they use Koers itself), not even with
    ``is_staff``."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = provider_superusers_only
admin.site.site_header = _("Koers — beheer door de aanbieder")
admin.site.site_title = _("Koers-beheer (aanbieder)")
admin.site.index_title = _(
    "Alleen voor de superusers van de aanbieder van Koers. Organisaties beheren hun mensen, "
    "teams en sjablonen in Koers zelf."
)

# A database that is away answers 503 (koers.lib.unavailable), also from a middleware.
handler500 = "koers.lib.unavailable.server_error"
# The admin's own login form asks only the password: it sends to Koers' login (second factor).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("koers.accounts.urls")),
    path("", include("koers.accounts.urls_activation")),
    path("", include("koers.organisations.urls")),
    path("", include("koers.audit.urls")),
    path("", include("koers.conversations.urls")),
    path("", include("koers.plans.urls")),
    path("", include("koers.signing.urls")),
    path("", include("koers.followup.urls")),
    path("", include("koers.cards.urls")),
    path("", include("koers.privacy.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
