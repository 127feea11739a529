"""Access matrix rows for home, profile, the login pages and the second factor's pages
(allauth.mfa; see koers.testing)."""

from koers.testing import Case

SIGNED_IN = 200
PUBLIC = {
    "anonymous": 200,
    "medewerker": 200,
    "collega": 200,
    "manager": 200,
    "hr": 200,
    "admin": 200,
    "hr2": 200,
}

SIGNED_IN_ONLY = {"anonymous": 302}
# allauth.mfa: adding or removing a factor asks for the password again first (a redirect to
# account_reauthenticate: the matrix signs in without a password); a page about a factor the
# user does not have is a 404; the login stage's pages send a signed-in user home.
REAUTHENTICATE_FIRST = 302
MFA_CASES = [
    Case("account_reauthenticate", SIGNED_IN_ONLY, default=200),
    Case("mfa_index", SIGNED_IN_ONLY, default=200),
    Case("mfa_authenticate", {}, default=302),
    Case("mfa_reauthenticate", {}, default=302),
    Case("mfa_activate_totp", {}, default=REAUTHENTICATE_FIRST),
    Case("mfa_deactivate_totp", SIGNED_IN_ONLY, default=404),
    Case("mfa_view_recovery_codes", SIGNED_IN_ONLY, default=404),
    Case("mfa_generate_recovery_codes", {}, default=REAUTHENTICATE_FIRST),
    Case("mfa_download_recovery_codes", SIGNED_IN_ONLY, default=404),
    Case("mfa_list_webauthn", SIGNED_IN_ONLY, default=200),
    Case("mfa_add_webauthn", {}, default=REAUTHENTICATE_FIRST),
    Case("mfa_reauthenticate_webauthn", {}, default=302),
    Case("mfa_login_webauthn", {}, default=302),
    Case("mfa_remove_webauthn", {}, target="no_security_key", default=REAUTHENTICATE_FIRST),
    Case("mfa_edit_webauthn", {}, target="no_security_key", default=REAUTHENTICATE_FIRST),
]

# A security key that does not exist: nobody reaches another person's keys.
TARGETS = {"no_security_key": lambda _demo: [999999]}

CASES = [
    Case("home", {}, default=SIGNED_IN),
    Case("profile", {}, default=SIGNED_IN),
    Case("password_change", {}, default=SIGNED_IN),
    Case("password_change_done", {}, default=SIGNED_IN),
    Case("login", {**PUBLIC, **{k: 200 for k in PUBLIC}}),
    Case("account_login", PUBLIC),
    Case("logout", {k: 302 for k in PUBLIC}, method="post"),
    Case("account_logout", {k: 302 for k in PUBLIC}, method="post"),
    Case("password_reset", PUBLIC),
    Case("password_reset_done", PUBLIC),
    Case("password_reset_complete", PUBLIC),
    Case("set_language", {k: 302 for k in PUBLIC}, method="post", data={"language": "nl"}),
    *MFA_CASES,
    # Activation (issue 10): open without a login; signed in, the page says to sign out first.
    Case("activate", PUBLIC),
    Case("activate", PUBLIC, method="post", data={"code": "ABCD-EFGH-JKMN"}),
    Case("activate-link", PUBLIC, target="unknown_activation_code"),
]

TARGETS = {
    **TARGETS,
    # A code no activation has: the page says it is wrong (and counts the attempt).
    "unknown_activation_code": lambda _demo: ["ABCDEFGHJKMN"],
}

# Token-bearing URLs are exercised in test_accounts.py; the matrix only checks that they
# are reachable without a login.
SKIP = {"password_reset_confirm": "needs a real token; see test_accounts.py"}
