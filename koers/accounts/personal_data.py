"""Logins in the register of personal data (koers.lib.personal_data): Koers's own user table
and the tables of the libraries that sign people in (allauth, django-axes, Django's sessions
and admin log)."""

from django.utils.translation import gettext_lazy as _

from koers.lib.personal_data import Keep, Purpose, Table

TABLES = (
    # The login goes with the file: retention deletes it (and so its e-mail addresses,
    # second factors and preferences).
    Table(
        "accounts.User",
        Purpose.LOGIN,
        Keep.LOGIN,
        person="employee",
        personal=(
            "password",
            "last_login",
            "username",
            "first_name",
            "last_name",
            "email",
            "date_joined",
            "language",
            "is_active",
        ),
        other=("id", "is_superuser", "is_staff"),
    ),
    Table(
        "account.EmailAddress",
        Purpose.LOGIN,
        Keep.LOGIN,
        label=_("e-mailadressen van logins"),
        person="user__employee",
        personal=("user", "email", "verified", "primary"),
        other=("id",),
    ),
    Table(
        "account.EmailConfirmation",
        Purpose.LOGIN,
        Keep.LOGIN,
        label=_("bevestigingen van e-mailadressen"),
        person="email_address__user__employee",
        personal=("email_address", "created", "sent", "key"),
        other=("id",),
    ),
    Table(
        "mfa.Authenticator",
        Purpose.LOGIN,
        Keep.LOGIN,
        label=_("tweede factoren (app, herstelcodes, beveiligingssleutel)"),
        person="user__employee",
        personal=("user", "type", "data", "created_at", "last_used_at"),
        other=("id",),
    ),
    # Failed sign-ins, by user name and address: cleared after the cool-off
    # (AXES_COOLOFF_TIME, a quarter of an hour) and by koers retention after an hour. The
    # log of every sign-in is off (AXES_DISABLE_ACCESS_LOG): Koers does not need it.
    Table(
        "axes.AccessAttempt",
        Purpose.SECURITY,
        Keep.HOUR,
        label=_("mislukte inlogpogingen"),
        personal=(
            "user_agent",
            "ip_address",
            "username",
            "http_accept",
            "path_info",
            "get_data",
            "post_data",
        ),
        other=("id", "attempt_time", "failures_since_start"),
    ),
    Table(
        "axes.AccessAttemptExpiration",
        Purpose.SECURITY,
        Keep.HOUR,
        label=_("verlooptijden van mislukte inlogpogingen"),
        other=("access_attempt", "expires_at"),
    ),
    Table(
        "axes.AccessFailureLog",
        Purpose.SECURITY,
        Keep.HOUR,
        label=_("log van mislukte inlogpogingen (staat uit)"),
        personal=("user_agent", "ip_address", "username", "http_accept", "path_info"),
        other=("id", "attempt_time", "locked_out"),
    ),
    Table(
        "axes.AccessLog",
        Purpose.SECURITY,
        Keep.HOUR,
        label=_("log van inloggen (staat uit)"),
        personal=(
            "user_agent",
            "ip_address",
            "username",
            "http_accept",
            "path_info",
            "session_hash",
        ),
        other=("id", "attempt_time", "logout_time"),
    ),
    Table(
        "sessions.Session",
        Purpose.LOGIN,
        Keep.SESSION,
        label=_("sessies (ingelogd blijven)"),
        personal=("session_data",),
        other=("session_key", "expire_date"),
    ),
    # Django's admin (for the provider's operators) logs what it changed, with the object's
    # name: the entries about a person go with their file.
    Table(
        "admin.LogEntry",
        Purpose.AUDIT,
        Keep.FILE,
        label=_("wijzigingen door de beheerders van de aanbieder"),
        personal=("object_id", "object_repr", "change_message"),
        references=("user",),
        other=("id", "action_time", "content_type", "action_flag"),
    ),
    Table(
        "auth.Permission",
        Purpose.LOGIN,
        Keep.NONE,
        other=("id", "name", "content_type", "codename"),
    ),
    Table("auth.Group", Purpose.LOGIN, Keep.NONE, other=("id", "name")),
    Table("contenttypes.ContentType", Purpose.AUDIT, Keep.NONE, other=("id", "app_label", "model")),
)
