"""Access matrix rows for home, profile and the login pages (see koers.testing)."""

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

CASES = [
    Case("home", {}, default=SIGNED_IN),
    Case("profile", {}, default=SIGNED_IN),
    Case("password_change", {}, default=SIGNED_IN),
    Case("password_change_done", {}, default=SIGNED_IN),
    Case("login", {**PUBLIC, **{k: 200 for k in PUBLIC}}),
    Case("logout", {k: 302 for k in PUBLIC}, method="post"),
    Case("password_reset", PUBLIC),
    Case("password_reset_done", PUBLIC),
    Case("password_reset_complete", PUBLIC),
    Case("set_language", {k: 302 for k in PUBLIC}, method="post", data={"language": "nl"}),
    # Activation (issue 10): open without a login; signed in, the page says to sign out first.
    Case("activate", PUBLIC),
    Case("activate", PUBLIC, method="post", data={"code": "ABCD-EFGH-JKMN"}),
    Case("activate-link", PUBLIC, target="unknown_activation_code"),
]

TARGETS = {
    # A code no activation has: the page says it is wrong (and counts the attempt).
    "unknown_activation_code": lambda _demo: ["ABCDEFGHJKMN"],
}

# Token-bearing URLs are exercised in test_accounts.py; the matrix only checks that they
# are reachable without a login.
SKIP = {"password_reset_confirm": "needs a real token; see test_accounts.py"}
