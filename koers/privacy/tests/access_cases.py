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
    # The same for a person who asks HR (art. 15): HR of the person's organisation only.
    Case(
        "privacy-export-person",
        {"hr": 200, "hr2": 404},
        target="own_team_person",
        method="post",
        default=403,
    ),
    # "Klopt niet": everyone their own data; HR answers the requests of its organisation.
    Case("privacy-mine", {}, default=200),
    Case("privacy-correct", {}, target="correctable_field", default=200),
    Case("privacy-corrections", {"hr": 200, "hr2": 200}, default=403),
    Case("privacy-correction", {"hr": 200, "hr2": 404}, target="demo_correction", default=403),
]


def _demo_correction(demo):
    from koers.organisations.models import Employee
    from koers.privacy.models import CorrectionRequest

    kees = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    found = CorrectionRequest.objects.create(
        organisation=demo, employee=kees, field="function", proposed="Monteur"
    )
    return [found.pk]


TARGETS = {
    "demo_organisation": lambda demo: [demo.slug],
    "correctable_field": lambda demo: ["function"],
    "demo_correction": _demo_correction,
}
