"""Who may do what with the signing keys (the access policy table)."""

from __future__ import annotations

from koers.access import policy

policy.register(
    "organisations.organisation",
    # A new signing key: only a job acting for the organisation (koers rehash_versions).
    rehash_versions=policy.system_of_organisation,
)
