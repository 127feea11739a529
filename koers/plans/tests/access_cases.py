"""Access matrix rows for the POP, the catalogue, the budget and the export (koers.testing).

Kees's plan (team Assemblage): Kees, his manager and HR see it; the manager writes it.
Dewi's plan (Verpakken): Dewi and HR; `manager` leads another team → 404.
A plan of Tweede Organisatie: only hr2. Colleagues and org admins (as such) never see a plan.
"""

from koers.testing import Case

NOT_FOUND = 404
FORBIDDEN = 403


def _kees_plan(demo):
    from koers.plans.demo import extend_demo
    from koers.plans.models import DevelopmentPlan

    extend_demo(demo)
    return DevelopmentPlan.objects.get(organisation=demo, employee__personnel_number="D-medewerker")


def _plan_of(organisation_slug: str, personnel_number: str):
    def build(_demo):
        from koers.organisations.models import Employee
        from koers.plans.demo import plan_by_team_manager

        employee = Employee.objects.get(
            organisation__slug=organisation_slug, personnel_number=personnel_number
        )
        return [plan_by_team_manager(employee).pk]

    return build


def kees_plan(demo):
    return [_kees_plan(demo).pk]


def kees_point(demo):
    plan = _kees_plan(demo)
    return [plan.pk, plan.points.order_by("pk").first().pk]


def kees_activity(demo):
    from koers.plans.models import Activity, ActivityStatus

    plan = _kees_plan(demo)
    activity = Activity.objects.filter(point__plan=plan, status=ActivityStatus.PLANNED).first()
    return [plan.pk, activity.pk]


def kees_training(demo):
    plan = _kees_plan(demo)
    return [plan.pk, plan.trainings.order_by("pk").first().pk]


def kees_version(demo):
    return [_kees_plan(demo).pk, 1]


def dewi_point(demo):
    from koers.plans.models import DevelopmentPlan

    [pk] = _plan_of("demo-werkbedrijf", "D-collega")(demo)
    return [pk, DevelopmentPlan.objects.get(pk=pk).points.first().pk]


def _course(organisation_slug: str):
    def build(demo):
        from koers.organisations.models import Organisation
        from koers.plans.demo import extend_demo
        from koers.plans.models import Course

        extend_demo(demo)
        organisation = Organisation.objects.get(slug=organisation_slug)
        course = Course.objects.filter(organisation=organisation).first()
        if course is None:
            course = Course.objects.create(organisation=organisation, name="Reachtruck")
        return [course.pk]

    return build


TARGETS = {
    "kees_plan": kees_plan,
    "kees_point": kees_point,
    "kees_activity": kees_activity,
    "kees_training": kees_training,
    "kees_version": kees_version,
    "dewi_plan": _plan_of("demo-werkbedrijf", "D-collega"),
    "dewi_point": dewi_point,
    "other_org_plan": _plan_of("tweede-organisatie", "T005"),
    "own_org_course": _course("demo-werkbedrijf"),
    "other_org_course": _course("tweede-organisatie"),
}

READERS_KEES = {"medewerker": 200, "manager": 200, "hr": 200}
READERS_DEWI = {"collega": 200, "hr": 200}
READERS_OTHER_ORG = {"hr2": 200}
# Kees's plan is written by his manager; Kees and HR may read it but not change it.
WRITER_KEES = {"manager": 200, "medewerker": FORBIDDEN, "hr": FORBIDDEN}
WRITER_DEWI = {"collega": FORBIDDEN, "hr": FORBIDDEN}
HR_ONLY = {"hr": 200, "hr2": 200}

READ_PAGES = ("plan-detail", "plan-versions")
EDIT_PAGES = ("plan-edit", "plan-training-add", "plan-point-create")
POINT_PAGES = ("plan-point-edit", "plan-point-delete", "plan-activity-create")
ACTIVITY_PAGES = ("plan-activity-edit", "plan-activity-delete")

CASES = [
    Case("plan-list", {}, default=200),
    Case("plan-blank-pdf", {}, default=200),
    Case("plan-create", {"manager": 200}, default=FORBIDDEN),
    *[
        Case(name, expect, target=target, default=NOT_FOUND)
        for name in READ_PAGES
        for target, expect in (
            ("kees_plan", READERS_KEES),
            ("dewi_plan", READERS_DEWI),
            ("other_org_plan", READERS_OTHER_ORG),
        )
    ],
    # The PDF: HR gets the current signed version (the personnel file); a plan that nobody
    # signed yet has none (Dewi's and the other organisation's plan are drafts).
    Case("plan-pdf", READERS_KEES, target="kees_plan", default=NOT_FOUND),
    Case("plan-pdf", {"collega": 200}, target="dewi_plan", default=NOT_FOUND),
    Case("plan-pdf", {}, target="other_org_plan", default=NOT_FOUND),
    Case("plan-version-pdf", READERS_KEES, target="kees_version", default=NOT_FOUND),
    # Entering a signature from paper: the employee's current manager only.
    Case("plan-sign-paper", WRITER_KEES, target="kees_plan", default=NOT_FOUND),
    Case("plan-sign-paper", WRITER_DEWI, target="dewi_plan", default=NOT_FOUND),
    Case("plan-sign-paper", {"hr2": FORBIDDEN}, target="other_org_plan", default=NOT_FOUND),
    Case(
        "plan-sign-paper",
        {"manager": 302, "medewerker": FORBIDDEN, "hr": FORBIDDEN},
        target="kees_plan",
        method="post",
        data={"choice": "agreed", "signed_on": "2026-01-01"},
        default=NOT_FOUND,
    ),
    *[
        Case(name, expect, target=target, default=NOT_FOUND)
        for name in EDIT_PAGES
        for target, expect in (
            ("kees_plan", WRITER_KEES),
            ("dewi_plan", WRITER_DEWI),
            ("other_org_plan", {"hr2": FORBIDDEN}),
        )
    ],
    *[Case(name, WRITER_KEES, target="kees_point", default=NOT_FOUND) for name in POINT_PAGES],
    *[Case(name, WRITER_DEWI, target="dewi_point", default=NOT_FOUND) for name in POINT_PAGES],
    *[
        Case(name, WRITER_KEES, target="kees_activity", default=NOT_FOUND)
        for name in ACTIVITY_PAGES
    ],
    Case(
        "plan-training-delete",
        {"manager": 302, "medewerker": FORBIDDEN, "hr": FORBIDDEN},
        target="kees_training",
        method="post",
        default=NOT_FOUND,
    ),
    # Progress: the manager and HR's training administration; not the employee.
    Case(
        "plan-activity-status",
        {"manager": 302, "hr": 302, "medewerker": FORBIDDEN},
        target="kees_activity",
        method="post",
        data={"status": "registered"},
        default=NOT_FOUND,
    ),
    Case(
        "plan-submit",
        {"manager": 302, "medewerker": FORBIDDEN, "hr": FORBIDDEN},
        target="kees_plan",
        method="post",
        default=NOT_FOUND,
    ),
    Case("plan-submit", WRITER_DEWI, target="dewi_plan", method="post", default=NOT_FOUND),
    # Signing: the two parties only; HR reads but never signs.
    Case("plan-sign", {**READERS_KEES, "hr": FORBIDDEN}, target="kees_plan", default=NOT_FOUND),
    Case("plan-sign", {"collega": 200, "hr": FORBIDDEN}, target="dewi_plan", default=NOT_FOUND),
    Case("plan-sign", {"hr2": FORBIDDEN}, target="other_org_plan", default=NOT_FOUND),
    *[
        Case(name, HR_ONLY, default=FORBIDDEN)
        for name in (
            "plan-export-xlsx",
            "plan-export-csv",
            "plan-budget",
            "course-create",
        )
    ],
    # The manager reads the catalogue while choosing a course (issue 11 item 8).
    Case("course-list", {**HR_ONLY, "manager": 200}, default=FORBIDDEN),
    Case("course-edit", {"hr": 200, "hr2": NOT_FOUND}, target="own_org_course", default=FORBIDDEN),
    Case(
        "course-edit", {"hr": NOT_FOUND, "hr2": 200}, target="other_org_course", default=FORBIDDEN
    ),
    Case(
        "course-toggle",
        {"hr": 302, "hr2": NOT_FOUND},
        target="own_org_course",
        method="post",
        data={"active": "0"},
        default=FORBIDDEN,
    ),
]
