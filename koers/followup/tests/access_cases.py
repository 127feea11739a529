"""Access matrix rows for the follow-up (koers.testing).

Dashboards: everyone with an employee record has "mijn koers"; the team board is for
managers, the organisation figures for HR. Progress notes: the employee and their current
manager (HR sees the plan, not the notes: 403). The course question: the employee only.
A notice: its recipient only (404 for anyone else).
"""

from koers.testing import Case

NOT_FOUND = 404
FORBIDDEN = 403
EVERY_EMPLOYEE = {
    "medewerker": 200,
    "collega": 200,
    "manager": 200,
    "hr": 200,
    "admin": 200,
    "hr2": 200,
}


def kees_notice(demo):
    from koers.followup.models import Notice
    from koers.organisations.models import Employee

    kees = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    notice, _created = Notice.objects.get_or_create(
        recipient=kees,
        kind="course_check",
        subject_type="activity",
        subject_id=1,
        due_on="2026-01-01",
        defaults={"organisation": demo, "link": "/dashboard/"},
    )
    return [notice.pk]


TARGETS = {"kees_notice": kees_notice}

CASES = [
    Case("dashboard", EVERY_EMPLOYEE),
    Case("dashboard-me", EVERY_EMPLOYEE),
    Case("dashboard-team", {"manager": 200}, default=FORBIDDEN),
    Case("dashboard-hr", {"hr": 200, "hr2": 200}, default=FORBIDDEN),
    Case(
        "followup-interval",
        {"manager": 200, "hr": 200, "medewerker": FORBIDDEN, "admin": FORBIDDEN},
        target="own_team_person",
        default=NOT_FOUND,
    ),
    Case(
        "followup-interval",
        {"hr": 200, "collega": FORBIDDEN, "admin": FORBIDDEN},
        target="other_team_person",
        default=NOT_FOUND,
    ),
    Case("followup-interval", {"hr2": 200}, target="other_org_person", default=NOT_FOUND),
    Case(
        "plan-progress",
        {"medewerker": 200, "manager": 200, "hr": FORBIDDEN},
        target="kees_plan",
        default=NOT_FOUND,
    ),
    Case("plan-progress", {"collega": 200, "hr": FORBIDDEN}, target="dewi_plan", default=NOT_FOUND),
    Case("plan-progress", {"hr2": FORBIDDEN}, target="other_org_plan", default=NOT_FOUND),
    Case(
        "course-check",
        {"medewerker": 200, "manager": FORBIDDEN, "hr": FORBIDDEN},
        target="kees_activity_only",
        default=NOT_FOUND,
    ),
    Case("notification-list", EVERY_EMPLOYEE),
    Case("notification-settings", EVERY_EMPLOYEE),
    Case(
        "notification-read-all",
        {k: 302 for k in EVERY_EMPLOYEE},
        method="post",
    ),
    Case(
        "notification-read",
        {"medewerker": 302},
        target="kees_notice",
        method="post",
        default=NOT_FOUND,
    ),
]


def kees_activity_only(demo):
    from koers.plans.tests.access_cases import kees_activity

    return kees_activity(demo)[1:]


TARGETS["kees_activity_only"] = kees_activity_only
