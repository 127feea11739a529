"""Access matrix rows for the people pages and organisation settings (see koers.testing)."""

from koers.testing import Case, department_args, employee_args, team_args


def employee_import_args(organisation_slug: str):
    """A checked, empty employee import of that organisation (applying it writes nothing)."""

    def build(_demo):
        from koers.organisations.models import EmployeeImport, Organisation

        organisation = Organisation.objects.get(slug=organisation_slug)
        employee_import = EmployeeImport.objects.create(
            organisation=organisation, filename="medewerkers.csv", columns=["personnel_number"]
        )
        return [employee_import.pk]

    return build


TARGETS = {
    # Kees Bakker: in team Assemblage, led by `manager`.
    "own_team_person": employee_args("demo-werkbedrijf", "D-medewerker"),
    # Dewi Hendriks: in team Verpakken, not led by `manager`.
    "other_team_person": employee_args("demo-werkbedrijf", "D-collega"),
    # Someone in Tweede Organisatie.
    "other_org_person": employee_args("tweede-organisatie", "T005"),
    "own_team": team_args("demo-werkbedrijf", "Assemblage"),
    "other_team": team_args("demo-werkbedrijf", "Verpakken"),
    "other_org_team": team_args("tweede-organisatie", "Magazijn"),
    "own_department": department_args("demo-werkbedrijf", "Productie"),
    "other_org_department": department_args("tweede-organisatie", "Logistiek"),
    "own_org_import": employee_import_args("demo-werkbedrijf"),
    "other_org_import": employee_import_args("tweede-organisatie"),
}

PEOPLE_ONLY = {"hr": 200, "admin": 200}

CASES = [
    Case("people-list", {**PEOPLE_ONLY, "hr2": 200}, default=403),
    Case("team-suggestions", {**PEOPLE_ONLY, "hr2": 200}, default=403),
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
    Case("organisation-working-days", {"admin": 200, "hr": 200, "hr2": 200}, default=403),
    Case("team-list", {"admin": 200}, default=403),
    Case("team-create", {"admin": 200}, default=403),
    *[
        Case(name, {"admin": 200}, target=target, default=403)
        for name in ("team-edit", "team-delete")
        for target in ("own_team", "other_team")
    ],
    *[
        Case(name, {"admin": 404}, target="other_org_team", default=403)
        for name in ("team-edit", "team-delete")
    ],
    Case(
        "department-delete",
        {"admin": 404},
        target="other_org_department",
        method="post",
        default=403,
    ),
    Case("department-delete", {"admin": 302}, target="own_department", method="post", default=403),
    *[
        Case("person-access", {**PEOPLE_ONLY, "hr2": 404}, target=target, default=403)
        for target in ("own_team_person", "other_team_person")
    ],
    Case(
        "person-access",
        {"hr": 404, "admin": 404, "hr2": 200},
        target="other_org_person",
        default=403,
    ),
    # The activation letter (a POST: each letter makes a new code). The demo's named people
    # chose a password already, so HR is sent back to the access page with the reason.
    Case(
        "person-activation-letter",
        {**{k: 302 for k in PEOPLE_ONLY}, "hr2": 404},
        target="own_team_person",
        method="post",
        default=403,
    ),
    Case(
        "person-activation-letter",
        {"hr": 404, "admin": 404, "hr2": 302},
        target="other_org_person",
        method="post",
        default=403,
    ),
    # Employee import and export (views_transfer).
    *[
        Case(name, {**PEOPLE_ONLY, "hr2": 200}, default=403)
        for name in ("people-import", "people-export-csv", "people-export-xlsx")
    ],
    Case("people-import-report", {**PEOPLE_ONLY, "hr2": 404}, target="own_org_import", default=403),
    Case(
        "people-import-report",
        {"hr": 404, "admin": 404, "hr2": 200},
        target="other_org_import",
        default=403,
    ),
    # hr applies the import; admin then gets "al uitgevoerd" — a redirect as well.
    Case(
        "people-import-apply",
        {"hr": 302, "admin": 302, "hr2": 404},
        target="own_org_import",
        method="post",
        default=403,
    ),
    Case(
        "people-import-apply",
        {"hr": 404, "admin": 404, "hr2": 302},
        target="other_org_import",
        method="post",
        default=403,
    ),
]
