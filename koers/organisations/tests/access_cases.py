"""Access matrix rows for the people pages and organisation settings (see koers.testing)."""

from koers.testing import Case, employee_args

TARGETS = {
    # Kees Bakker: in team Assemblage, led by `manager`.
    "own_team_person": employee_args("demo-werkbedrijf", "D-medewerker"),
    # Dewi Hendriks: in team Verpakken, not led by `manager`.
    "other_team_person": employee_args("demo-werkbedrijf", "D-collega"),
    # Someone in Tweede Organisatie.
    "other_org_person": employee_args("tweede-organisatie", "T005"),
}

PEOPLE_ONLY = {"hr": 200, "admin": 200}

CASES = [
    Case("people-list", {**PEOPLE_ONLY, "hr2": 200}, default=403),
    Case("person-create", {**PEOPLE_ONLY, "hr2": 200}, default=403),
    *[
        Case(name, {**PEOPLE_ONLY, "hr2": 404}, target=target, default=403)
        for name in ("person-detail", "person-edit", "person-leave")
        for target in ("own_team_person", "other_team_person")
    ],
    *[
        Case(name, {"hr": 404, "admin": 404, "hr2": 200}, target="other_org_person", default=403)
        for name in ("person-detail", "person-edit", "person-leave")
    ],
    Case(
        "person-reinstate",
        {"hr": 302, "admin": 302, "hr2": 404},
        target="own_team_person",
        method="post",
        default=403,
    ),
    Case(
        "person-reinstate",
        {"hr": 404, "admin": 404, "hr2": 302},
        target="other_org_person",
        method="post",
        default=403,
    ),
    Case("organisation-settings", {"admin": 200}, default=403),
]
