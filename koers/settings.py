"""Koers settings: one module, every value from the environment with a safe demo default."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from koers.lib import database
from koers.lib.env import env_bool, env_int, env_list, env_str
from koers.lib.keys import derived_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("KOERS_DATA_DIR", str(BASE_DIR.parent / "var")))

DEBUG = env_bool("KOERS_DEBUG", False)
# The default key is for the demo only; `koers check --deploy` flags it (security.W009).
SECRET_KEY = env_str(
    "KOERS_SECRET_KEY", "django-insecure-koers-demo-key-change-me-in-production-0123456789"
)
# The key of the HMAC-SHA256 that seals signed versions (koers.signing): without it, write access
# to the database is not enough to forge a consistent version. The demo derives it from the
# secret key (koers.signing.checks warns on `check --deploy`); production sets its own.
# Rotating it needs a re-hash (docs/deployment.md).
KOERS_SIGNING_KEY = env_str("KOERS_SIGNING_KEY", "") or derived_key(
    SECRET_KEY, "koers.signing.content-hash"
)
ALLOWED_HOSTS = env_list("KOERS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("KOERS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_htmx",
    "koers.access",
    "koers.accounts",
    "koers.organisations",
    "koers.audit",
    "koers.signing",
    "koers.conversations",
    "koers.plans",
    "koers.followup",
    "koers.cards",
    "koers.privacy",
]

MIDDLEWARE = [
    # First: a database that is away answers 503 for everything below (koers.lib.unavailable).
    "koers.lib.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nothing a signed-in person receives is kept in a cache (personal data).
    "koers.lib.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "koers.accounts.middleware.UserLanguageMiddleware",
    "koers.access.actor.ActorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "koers.accounts.middleware.SecondFactorMiddleware",
    "koers.access.views.NotAllowedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "koers.urls"
# Builds request.actor from a login (the access layer imports no app).
KOERS_ACTOR_LOADER = "koers.organisations.actors.actor_for_user"
# Records audit events for the apps below the audit app (organisations, accounts).
KOERS_AUDIT_RECORDER = "koers.audit.events.record"
WSGI_APPLICATION = "koers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "koers.access.views.actor_context",
            ],
        },
    },
]

# SQLite (when DATABASE_URL says so, and by default): WAL, immediate transactions, a busy
# timeout, and a file that existed is never recreated empty (koers.lib.database).
# PostgreSQL keeps its connections for a minute by default, checked before reuse (issue
# 18: a new connection per request hid a third of the framework's floor); SQLite opens its
# file per request, so that a file taken away is noticed at once (the 503 page).
_DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'koers.sqlite3'}")
DATABASES = {
    "default": database.configure(
        dj_database_url.parse(
            _DATABASE_URL,
            conn_max_age=env_int(
                "KOERS_DB_CONN_MAX_AGE", 60 if _DATABASE_URL.startswith("postgres") else 0
            ),
            conn_health_checks=True,
        ),
        DATA_DIR,
        busy_timeout=env_int("KOERS_DB_BUSY_TIMEOUT", database.DEFAULT_BUSY_TIMEOUT),
    )
}
# How long a client waits before trying again when the database is away (the 503 page).
KOERS_RETRY_AFTER_SECONDS = env_int("KOERS_RETRY_AFTER_SECONDS", 30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in is django-allauth's (koers/accounts/urls.py): by username (many employees have no
# e-mail address), no sign-up, no e-mail verification; Django's own password reset and change
# views stay. The second factor is allauth.mfa: an authenticator app (TOTP), security keys and
# passkeys (WebAuthn) and recovery codes; koers.accounts.middleware.SecondFactorMiddleware
# sends whoever must have one (the organisation's setting) to enrol first.
ACCOUNT_ADAPTER = "koers.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False  # the login page shows, as before
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
ACCOUNT_PREVENT_ENUMERATION = True
# Reauthentication (password again) before a factor is added or removed, for five minutes.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Superusers always need a second factor; the demo (whose `admin` is a superuser) switches
# that off so that its logins work with the password alone (koers.accounts.second_factor).
KOERS_SUPERUSER_SECOND_FACTOR = env_bool("KOERS_SUPERUSER_SECOND_FACTOR", True)
MFA_ADAPTER = "koers.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Koers"
# WebAuthn needs HTTPS; the demo on http://127.0.0.1 (KOERS_SECURE off) may use it without.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not env_bool("KOERS_SECURE", False)

# Login throttling. axes: five failures lock the username + address pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("KOERS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# No log of every sign-in: Koers does not use it (data minimisation; issue 16).
AXES_DISABLE_ACCESS_LOG = True
# allauth's rate limits (in the cache below), per address across usernames: failed logins
# (password spraying), logins, password reset mails (per address and per e-mail address, for
# Django's reset view too: koers.accounts.views.PasswordResetView), second-factor codes.
KOERS_LOGIN_IP_FAILURE_LIMIT = env_int("KOERS_LOGIN_IP_FAILURE_LIMIT", 20)
KOERS_RESET_IP_LIMIT = env_int("KOERS_RESET_IP_LIMIT", 10)
KOERS_RESET_ADDRESS_LIMIT = env_int("KOERS_RESET_ADDRESS_LIMIT", 3)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": f"{KOERS_LOGIN_IP_FAILURE_LIMIT}/15m/ip,10/15m/key",
    "reset_password": f"{KOERS_RESET_IP_LIMIT}/15m/ip,{KOERS_RESET_ADDRESS_LIMIT}/15m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
}

# The cache holds the rate limits, so it is shared by every web node: the database.
# `koers migrate` creates its table (koers.accounts.apps: createcachetable after migrate).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "koers_cache",
    }
}

SESSION_COOKIE_AGE = env_int("KOERS_SESSION_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Production (KOERS_SECURE=1, behind HTTPS): secure cookies, HSTS, redirect to HTTPS.
SECURE = env_bool("KOERS_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("KOERS_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "KOERS_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# For the works-council page (/privacy/<organisation>/, issue 16): where the data is kept
# (e.g. "datacentrum van Hoster in Amsterdam, Nederland") and the sub-processors the
# provider uses, comma-separated (none by default).
KOERS_DATA_LOCATION = env_str("KOERS_DATA_LOCATION", "")
KOERS_SUBPROCESSORS = [
    s.strip() for s in env_str("KOERS_SUBPROCESSORS", "").split(",") if s.strip()
]

EMAIL_BACKEND = env_str("KOERS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("KOERS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KOERS_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KOERS_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("KOERS_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KOERS_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("KOERS_FROM_EMAIL", "Koers <koers@localhost>")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The address of Koers as people reach it, for links in e-mail sent outside a request
# (reminders). Empty: links use the address of the request that sends the mail.
KOERS_BASE_URL = env_str("KOERS_BASE_URL", "")

# Activation codes (issue 10): wrong codes one network address may type in an hour before it
# may try no more (brute force across codes; each activation also voids after 5 wrong ones).
KOERS_ACTIVATION_FAILURES_PER_HOUR = env_int("KOERS_ACTIVATION_FAILURES_PER_HOUR", 10)

# The people list and other lists show this many rows a page.
KOERS_PAGE_SIZE = env_int("KOERS_PAGE_SIZE", 25)
# "Wie keek in mijn dossier?": events per page (their days are shown together).
KOERS_LOG_PAGE_SIZE = 100
# Largest upload accepted by the employee import (bytes).
KOERS_IMPORT_MAX_BYTES = env_int("KOERS_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = KOERS_IMPORT_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KOERS_LOG_LEVEL", "WARNING")},
}
