"""What the log can say about people, structure, logins and the organisation's settings
(see koers.lib.verbs). Events about one person go with ``employee=`` that person."""

import datetime

from django.utils.translation import gettext_lazy as _

from koers.access.roles import Role
from koers.lib.verbs import Verb
from koers.organisations.choices import SecondFactorRule
from koers.organisations.models import Activation

VERBS = (
    Verb("organisation.created", _("heeft de organisatie aangemaakt")),
    Verb("organisation.settings_changed", _("heeft de instellingen van de organisatie gewijzigd")),
    Verb(
        "organisation.working_days_changed",
        _("heeft de werktijden en gesloten dagen gewijzigd (%(closed)s gesloten dagen)"),
        {"closed": int},
    ),
    Verb(
        "organisation.second_factor_changed",
        _("heeft ingesteld wie met een tweede factor moet inloggen: %(rule)s"),
        {"rule": SecondFactorRule},
    ),
    Verb("person.created", _("heeft de medewerker toegevoegd")),
    Verb("person.changed", _("heeft de gegevens van de medewerker gewijzigd")),
    Verb("person.read", _("heeft de persoonsgegevens bekeken"), read=True),
    Verb(
        "person.left_service",
        _("heeft de medewerker uit dienst gezet per %(on)s"),
        {"on": datetime.date},
    ),
    Verb("person.left_service_undone", _("heeft de medewerker weer in dienst gezet")),
    Verb("person.role_granted", _("heeft de rol %(role)s gegeven"), {"role": Role}),
    Verb("person.role_revoked", _("heeft de rol %(role)s ingetrokken"), {"role": Role}),
    Verb("login.granted", _("heeft de medewerker een login gegeven")),
    # Only the demo's set-up sets a password; no person ever does (issue 10).
    Verb("login.password_set", _("heeft een nieuw wachtwoord voor de login ingesteld")),
    Verb(
        "activation.link_sent",
        _("heeft een activeringslink per e-mail gestuurd (geldig tot en met %(until)s)"),
        {"until": datetime.date},
    ),
    Verb(
        "activation.letter_made",
        _("heeft een activeringsbrief gemaakt (geldig tot en met %(until)s)"),
        {"until": datetime.date},
    ),
    Verb("activation.used", _("heeft de login geactiveerd en zelf een wachtwoord gekozen")),
    Verb(
        "activation.voided",
        _("heeft de activering ongeldig gemaakt: %(reason)s"),
        {"reason": Activation.VoidReason},
    ),
    Verb(
        "login.access_reset",
        _("heeft de toegang opnieuw ingesteld (het oude wachtwoord werkt niet meer)"),
    ),
    Verb("login.revoked", _("heeft de login van de medewerker uitgezet")),
    Verb("login.restored", _("heeft de login van de medewerker weer aangezet")),
    Verb("department.created", _("heeft een afdeling toegevoegd"), {"department": int}),
    Verb("department.changed", _("heeft een afdeling gewijzigd"), {"department": int}),
    Verb("department.deleted", _("heeft een afdeling verwijderd"), {"department": int}),
    Verb("team.created", _("heeft een team toegevoegd"), {"team": int}),
    Verb("team.changed", _("heeft een team gewijzigd"), {"team": int}),
    Verb("team.deleted", _("heeft een team verwijderd"), {"team": int}),
    Verb(
        "team.managers_changed",
        _("heeft de leidinggevenden van een team gewijzigd (nu %(count)s)"),
        {"team": int, "count": int},
    ),
    Verb(
        "people.import_checked",
        _(
            "heeft een bestand met medewerkers gecontroleerd: %(created)s nieuw, "
            "%(updated)s bijwerken, %(errors)s fouten"
        ),
        {"created": int, "updated": int, "errors": int},
    ),
    Verb(
        "people.imported",
        _("heeft medewerkers geïmporteerd: %(created)s nieuw, %(updated)s bijgewerkt"),
        {"created": int, "updated": int},
    ),
    Verb(
        "people.exported",
        _("heeft een lijst van %(count)s medewerkers geëxporteerd"),
        {"count": int},
        read=True,
    ),
)
