"""Access matrix rows for the works-council page (see koers.testing)."""

from koers.testing import Case

EVERYONE = {"anonymous": 200}
CASES = [
    # Signed in: to the own organisation's page (hr2 to the other organisation's).
    Case("privacy-home", {}, default=302),
    # Readable without signing in: configuration, never a person.
    Case("privacy-page", EVERYONE, target="demo_organisation", default=200),
    # "Alles over mij": everyone their own file, as a download.
    Case("privacy-export", {}, method="post", default=200),
]
TARGETS = {"demo_organisation": lambda demo: [demo.slug]}
