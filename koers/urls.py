from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "Koers"
admin.site.site_title = "Koers"

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
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
