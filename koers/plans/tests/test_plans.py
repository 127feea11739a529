"""The POP: creating and writing it, signing and versions, progress, lists and the log."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.audit.models import AuditEvent
from koers.lib.errors import Refused
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Team
from koers.plans import actions
from koers.plans.models import (
    Activity,
    ActivityStatus,
    ActivityStatusChange,
    Category,
    DevelopmentPlan,
)
from koers.plans.queries import plan_totals
from koers.signing import services as signing
from koers.signing.models import Version, VersionFrozen, VersionStatus
from koers.testing import state_of

pytestmark = pytest.mark.django_db


def kees_plan() -> DevelopmentPlan:
    return DevelopmentPlan.objects.get(employee__personnel_number="D-medewerker")


def person(number: str) -> Employee:
    return Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number=number)


def point_data(**overrides):
    data = {
        "category": Category.FUNCTION,
        "title": "Printplaten testen",
        "goal": "Ik kan zelf printplaten testen met de tester.",
        "measure": "Tien printplaten goed getest.",
        "approach": "Meelopen en oefenen.",
        "employee_part": "Ik oefen elke week.",
        "employer_part": "Sanne regelt de tester.",
        "support": "Een uur per week.",
        "deadline": (datetime.date.today() + datetime.timedelta(days=90)).isoformat(),
        "follow_up": "Elke maand even bespreken.",
    }
    return {**data, **overrides}


# --- creating and writing ------------------------------------------------------------------


def test_manager_creates_a_plan_by_hand_for_a_team_member(plans_demo, login_as):
    client = login_as("manager")
    member = Team.objects.get(name="Assemblage").members.order_by("-personnel_number").first()
    response = client.post(
        reverse("plan-create"), {"employee": member.pk, "period_start": "2027-01-01"}
    )
    plan = DevelopmentPlan.objects.get(employee=member, period_start="2027-01-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-detail", args=[plan.pk])
    assert plan.period_end == datetime.date(2027, 12, 31)
    assert state_of(plan) == VersionStatus.DRAFT
    assert signing.latest_version(plan).number == 1


def test_manager_cannot_create_a_plan_for_someone_in_another_team(plans_demo, login_as):
    response = login_as("manager").post(
        reverse("plan-create"), {"employee": person("D-collega").pk, "period_start": "2027-01-01"}
    )
    assert response.status_code == 200
    assert not DevelopmentPlan.objects.filter(employee__personnel_number="D-collega").exists()


def test_point_form_says_in_plain_dutch_what_is_not_smart(plans_demo, login_as):
    plan = kees_plan()
    client = login_as("manager")
    response = client.post(
        reverse("plan-point-create", args=[plan.pk]), point_data(deadline=""), follow=True
    )
    assert "Kies een datum waarop het klaar is" in response.content.decode()
    point = plan.points.get(title="Printplaten testen")
    response = client.post(
        reverse("plan-point-edit", args=[plan.pk, point.pk]), point_data(), follow=True
    )
    assert "Deze afspraak is SMART" in response.content.decode()


def test_the_kind_of_point_has_no_empty_radio_option(plans_demo, login_as):
    """Issue 14: a radio option "---------" under Soort."""
    plan = kees_plan()
    page = login_as("manager").get(reverse("plan-point-create", args=[plan.pk])).content.decode()
    assert "---------" not in page
    assert page.count('name="category"') == 3  # the three rows of the form (001)
    before = plan.points.count()
    refused = login_as("manager").post(
        reverse("plan-point-create", args=[plan.pk]), point_data(category="")
    )
    assert refused.status_code == 200 and plan.points.count() == before


def test_smart_check_lists_every_missing_part():
    from koers.plans import smart

    messages = smart.check({})
    assert len(messages) == 7
    assert smart.is_smart(
        {
            "goal": "Ik haal mijn heftruckcertificaat.",
            "measure": "Certificaat",
            "approach": "Cursus",
            "employee_part": "Theorie leren",
            "employer_part": "Betalen",
            "support": "Cursusgeld",
            "deadline": datetime.date.today() + datetime.timedelta(days=1),
            "follow_up": "Volgend gesprek",
        }
    )
    past = smart.check({"goal": "Ik haal mijn certificaat.", "deadline": datetime.date(2020, 1, 1)})
    assert any("verleden" in message for message in past)


def test_picking_a_course_fills_the_activity_and_keeps_its_own_cost(plans_demo, login_as):
    plan = kees_plan()
    point = plan.points.get(category=Category.CAREER)
    course = plan.organisation.courses.get(name="BHV basis")
    response = login_as("manager").post(
        reverse("plan-activity-create", args=[plan.pk, point.pk]),
        {"course": course.pk, "owner": "employer", "in_working_time": "on"},
    )
    assert response.status_code == 302
    activity = point.activities.get(course=course)
    assert (activity.description, activity.institute, activity.course_number) == (
        "BHV basis",
        "Veilig Werken BV",
        "BHV-1",
    )
    assert activity.cost == Decimal("185.50")
    course.cost = Decimal("999.00")
    course.save()
    activity.refresh_from_db()
    assert activity.cost == Decimal("185.50")


def test_employee_and_hr_cannot_write_the_plan(plans_demo, login_as):
    plan = kees_plan()
    for who in ("medewerker", "hr"):
        response = login_as(who).post(reverse("plan-point-create", args=[plan.pk]), point_data())
        assert response.status_code == 403
    assert not plan.points.filter(title="Printplaten testen").exists()


# --- totals ----------------------------------------------------------------------------------


def test_totals_per_category_and_total_come_from_the_database(plans_demo):
    totals = plan_totals(kees_plan())
    assert totals[Category.PERSONAL] == Decimal("0.00")
    assert totals[Category.FUNCTION] == Decimal("320.00")
    # The coach (150.00) is cancelled and costs nothing.
    assert totals[Category.CAREER] == Decimal("495.00")
    assert totals["total"] == Decimal("815.00")


# --- signing and versions ----------------------------------------------------------------


def test_both_sign_through_the_pages(plans_demo, login_as):
    plan = kees_plan()
    manager_client = login_as("manager")
    manager_client.post(reverse("plan-point-create", args=[plan.pk]), point_data())
    assert manager_client.post(reverse("plan-submit", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.TO_SIGN

    employee_client = login_as("medewerker")
    page = employee_client.get(reverse("plan-sign", args=[plan.pk]))
    assert "Correctie gevraagd" in page.content.decode()
    employee_client.post(reverse("plan-sign", args=[plan.pk]), {"choice": "agreed"})
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.EMPLOYEE_SIGNED

    login_as("manager").post(reverse("plan-sign", args=[plan.pk]), {"choice": "agreed"})
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.SIGNED
    version = signing.latest_version(plan)
    assert version.number == 2
    assert signing.verify(version)


def test_voor_gezien_needs_a_remark(plans_demo, login_as):
    plan = DevelopmentPlan.objects.with_state().get(state=VersionStatus.TO_SIGN)
    employee = actor_for(plan.employee)
    with pytest.raises(signing.RemarkRequired):
        actions.sign_plan(employee, plan, "seen", "")
    actions.sign_plan(employee, plan, "seen", "Ik wil eerder beginnen.")
    version = signing.latest_version(plan)
    assert version.snapshot["employee_remark"] == "Ik wil eerder beginnen."


def test_correction_sends_the_plan_back_as_a_new_draft(plans_demo):
    plan = DevelopmentPlan.objects.with_state().get(state=VersionStatus.TO_SIGN)
    actions.sign_plan(actor_for(plan.employee), plan, "correction", "De datum klopt niet.")
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.DRAFT
    statuses = list(Version.objects.of(plan).values_list("number", "status"))
    assert statuses == [(1, VersionStatus.CORRECTION), (2, VersionStatus.DRAFT)]


def test_change_after_signing_makes_version_2_and_version_1_stays(plans_demo, login_as, pdf_text):
    plan = kees_plan()
    first = signing.latest_version(plan)
    assert (first.number, first.status) == (1, VersionStatus.SIGNED)
    point = plan.points.get(category=Category.FUNCTION)
    client = login_as("manager")
    client.post(
        reverse("plan-point-edit", args=[plan.pk, point.pk]),
        point_data(category=Category.FUNCTION, title="Solderen met de nieuwe bout"),
    )
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.DRAFT
    versions = list(Version.objects.of(plan).values_list("number", "status"))
    assert versions == [(1, VersionStatus.SIGNED), (2, VersionStatus.DRAFT)]
    first = Version.objects.get(pk=first.pk)
    assert signing.verify(first)

    old = pdf_text(login_as("medewerker").get(reverse("plan-version-pdf", args=[plan.pk, 1])))
    assert "Solderen van printplaten" in old
    assert "nieuwe bout" not in old
    assert "controle: ongewijzigd" in old
    current = pdf_text(client.get(reverse("plan-pdf", args=[plan.pk])))
    assert "nieuwe bout" in current
    assert "Concept" in current


def test_signed_version_refuses_changes_through_the_services(plans_demo):
    plan = kees_plan()
    version = signing.latest_version(plan)
    with pytest.raises(VersionFrozen):
        signing.replace_snapshot(version, {"anders": True})


def test_status_changes_are_progress_without_new_signature(plans_demo, login_as):
    plan = kees_plan()
    activity = Activity.objects.filter(point__plan=plan, status=ActivityStatus.REGISTERED).first()
    response = login_as("manager").post(
        reverse("plan-activity-status", args=[plan.pk, activity.pk]), {"status": "started"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.STARTED
    change = ActivityStatusChange.objects.filter(activity=activity).latest("pk")
    assert (change.from_status, change.to_status) == ("registered", "started")
    assert change.changed_by == person("D-manager")
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.SIGNED
    assert Version.objects.of(plan).count() == 1


def test_a_completed_activity_cannot_start_again(plans_demo):
    plan = kees_plan()
    activity = Activity.objects.filter(point__plan=plan, status=ActivityStatus.COMPLETED).first()
    with pytest.raises(Refused) as refused:
        actions.change_activity_status(actor_for(person("D-manager")), activity, "started")
    assert refused.value.code == "plan.status_not_allowed"
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.COMPLETED


# --- the PDF ---------------------------------------------------------------------------------


def test_the_pdf_writes_dates_and_numbers_the_dutch_way(plans_demo, login_as, pdf_text):
    """Issue 14: the birth date printed as 1985-04-12 and the hours as 20.0."""
    plan = kees_plan()
    kees = plan.employee
    kees.organisation.keeps_birth = True
    kees.organisation.save(update_fields=["keeps_birth"])
    Employee.objects.filter(pk=kees.pk).update(
        birth_date=datetime.date(1985, 4, 12), hours_per_week=Decimal("20.0")
    )
    flat = " ".join(
        pdf_text(login_as("medewerker").get(reverse("plan-pdf", args=[plan.pk]))).split()
    )
    assert "12-04-1985" in flat and "1985-04-12" not in flat
    assert "20,0" in flat and "20.0" not in flat


def test_pdf_is_the_batouwe_form_with_total_and_both_parafen(plans_demo, login_as, pdf_text):
    plan = kees_plan()
    response = login_as("medewerker").get(reverse("plan-pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    flat = " ".join(text.split())
    for heading in (
        "Persoonlijke vorming",
        "Functie/taakgericht",
        "Loopbaangericht",
        "Aandachtspunten voor ontwikkeling",
        "Cursusnaam + instituut, interne opleiding, coach, meelopen, zelfstudie",
        "Cursusnr.",
        "Kosten",
        "Gewenste periode",
        "Wel/niet in werkcontract",
        "Opmerkingen",
        "Bezig met:",
        "Gevolgde opleidingen",
        "Bedrijf: Demo Werkbedrijf",
    ):
        assert heading in flat, heading
    assert "Basis solderen, ROC Rijn IJssel" in flat
    rows = pdf_text(response, layout=True).splitlines()

    def row_with(*parts: str) -> bool:
        return any(all(part in line for part in parts) for line in rows)

    assert row_with("Basis solderen", "SOL-12", "€ 320,00", "nee")
    assert row_with("Heftruckcertificaat,", "HT-101", "€ 495,00", "ja")
    assert row_with("Meelopen: Twee ochtenden", "€ 0,00", "Met de voorman")
    assert row_with("Loopbaangericht", "€ 495,00")
    assert row_with("TOTAAL:", "€ 815,00")
    signed = timezone.localdate(signing.latest_version(plan).signed_at).strftime("%d-%m-%Y")
    assert f"Paraaf medewerker: K. Kees Bakker, {signed}" in flat
    assert f"Paraaf leidinggevende: S. Sanne de Vries, {signed}" in flat


def test_pdf_prints_only_the_personal_fields_the_organisation_keeps(plans_demo, login_as, pdf_text):
    plan = kees_plan()
    text = pdf_text(login_as("medewerker").get(reverse("plan-pdf", args=[plan.pk])))
    assert "Postcode" in text  # the demo organisation keeps the address
    assert "Geboortedatum" not in text


# --- query counts ------------------------------------------------------------------------


def test_plan_page_query_count_does_not_grow(plans_demo, login_as, django_assert_max_num_queries):
    plan = kees_plan()
    client = login_as("manager")
    url = reverse("plan-detail", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    manager = actor_for(person("D-manager"))
    for index in range(8):
        point = actions.save_point(
            manager, plan, category=list(Category)[index % 3], title=f"Punt {index}"
        )
        Activity.objects.bulk_create(
            Activity(point=point, kind="other", description=f"Activiteit {n}", cost=n)
            for n in range(6)
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert "Punt 7" in response.content.decode()


def test_plan_page_takes_thirteen_queries_with_its_read_event(plans_demo, login_as):
    """Session and user (2), the actor with the teams they lead (1), the plan with its
    trainings, points, activities, versions and signatures (6), the read event: chain head and
    insert (2, no savepoint of its own, no lock on SQLite), the notice counter (2: the unread
    kinds, then the count of those whose reason may have gone; cheaper to build than one
    query with every kind's condition). The totals come from the loaded activities.
    Savepoints are the test's transaction, not the page's."""
    plan = kees_plan()
    client = login_as("manager")
    url = reverse("plan-detail", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    expected = 13 if connection.vendor == "sqlite" else 14  # PostgreSQL locks the chain head
    assert len(statements) == expected, "\n".join(s[:120] for s in statements)
    assert not any("SUM(" in s for s in statements), "the totals are added up in Python"


@pytest.mark.parametrize("who", ["medewerker", "manager", "hr"])
def test_plan_list_query_count_is_flat(plans_demo, login_as, who, django_assert_max_num_queries):
    client = login_as(who)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("plan-list")).status_code == 200


# --- lists, filters, export, budget ------------------------------------------------------


def test_manager_sees_the_plans_of_the_team(plans_demo, login_as):
    response = login_as("manager").get(reverse("plan-list"))
    teams = {p.employee.team.name for p in response.context["page"].object_list}
    assert teams == {"Assemblage"}
    assert response.context["page"].paginator.count == 4
    waiting = list(response.context["without_plan"])
    assert len(waiting) == 12 - 4
    assert "D-medewerker" not in {p.personnel_number for p in waiting}


def test_hr_filters_plans(plans_demo, login_as):
    from koers.plans.demo import plan_by_team_manager

    plan_by_team_manager(person("D-collega"))
    client = login_as("hr")
    count = lambda **f: client.get(reverse("plan-list"), f).context["page"].paginator.count  # noqa: E731
    assert count() == 5
    assert count(signed="yes") == 2
    assert count(signed="no") == 3
    assert count(status="signed") == 1
    assert count(status="to_sign") == 1
    assert count(category="career") == 3
    verpakken = Team.objects.get(name="Verpakken").department
    assert count(department=verpakken.pk) == 5  # Assemblage and Verpakken are both Productie
    response = client.get(reverse("plan-list"))
    expected = sum(
        (plan_totals(plan)["total"] for plan in DevelopmentPlan.objects.all()), Decimal("0")
    )
    assert response.context["totals"]["total"] == expected == Decimal("2745.00")
    # Each row's TOTAAL is summed after the page is taken (issue 18), and is the plan's own.
    rows = response.context["page"].object_list
    assert rows and all(plan.total == plan_totals(plan)["total"] for plan in rows)


def test_new_manager_sees_the_plan_after_a_team_change_and_the_old_does_not(plans_demo, login_as):
    plan = kees_plan()
    kees = plan.employee
    kees.team = Team.objects.get(name="Verpakken")
    kees.save()
    assert login_as("manager").get(reverse("plan-detail", args=[plan.pk])).status_code == 404
    new_manager = Team.objects.get(name="Verpakken").managers.first()
    assert DevelopmentPlan.objects.visible_to(actor_for(new_manager)).filter(pk=plan.pk).exists()


def test_export_holds_every_activity(plans_demo, login_as):
    from io import BytesIO

    from openpyxl import load_workbook

    client = login_as("hr")
    response = client.get(reverse("plan-export-xlsx"))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Personeelsnummer"
    assert len(rows) - 1 == Activity.objects.filter(point__plan__organisation=plans_demo).count()
    csv_text = client.get(reverse("plan-export-csv")).content.decode("utf-8-sig")
    assert "D-medewerker;Kees Bakker" in csv_text
    assert "495,00" in csv_text


def test_budget_shows_planned_and_spent(plans_demo, login_as):
    client = login_as("hr")
    year = datetime.date.today().year
    response = client.get(reverse("plan-budget"), {"year": year})
    rows = {row["department"]: row for row in response.context["rows"]}
    production = rows["Productie"]
    assert production["budget"].amount == Decimal("6000.00")
    planned = Activity.objects.filter(
        point__plan__employee__team__department__name="Productie",
        status__in=["planned", "registered"],
    )
    assert production["planned"] + production["spent"] > 0
    assert production["planned"] <= sum((a.cost for a in planned), Decimal("0"))
    response = client.post(
        reverse("plan-budget"),
        {"department": production["budget"].department_id, "year": year, "amount": "7000"},
    )
    assert response.status_code == 302, response.context["form"].errors
    production["budget"].refresh_from_db()
    assert production["budget"].amount == Decimal("7000.00")


def test_budget_counts_each_activity_in_its_start_year(plans_demo, login_as):
    """The year is the desired start, else the plan's start: the edges of the year, by a
    plain count (issue 18 rewrote the filter as date ranges)."""
    from koers.plans.models import BUDGET_PLANNED, BUDGET_SPENT

    year = datetime.date.today().year
    activities = list(Activity.objects.filter(point__plan__organisation=plans_demo))
    edges = [datetime.date(year - 1, 12, 31), datetime.date(year, 1, 1)]
    edges += [datetime.date(year, 12, 31), datetime.date(year + 1, 1, 1), None]
    for activity, day in zip(activities, edges, strict=False):
        Activity.objects.filter(pk=activity.pk).update(period_from=day)
    rows = {
        row["department"]: row
        for row in login_as("hr").get(reverse("plan-budget"), {"year": year}).context["rows"]
    }
    expected: dict[str, dict[str, Decimal]] = {}
    for activity in Activity.objects.select_related("point__plan__employee__team__department"):
        if activity.point.plan.organisation_id != plans_demo.pk:
            continue
        start = activity.period_from or activity.point.plan.period_start
        if start.year != year:
            continue
        name = activity.point.plan.employee.team.department.name
        sums = expected.setdefault(name, {"planned": Decimal("0"), "spent": Decimal("0")})
        if activity.status in BUDGET_PLANNED:
            sums["planned"] += activity.cost or 0
        if activity.status in BUDGET_SPENT:
            sums["spent"] += activity.cost or 0
    assert expected
    for name, sums in expected.items():
        assert (rows[name]["planned"], rows[name]["spent"]) == (sums["planned"], sums["spent"])


def test_catalogue_search_create_and_deactivate(plans_demo, login_as):
    client = login_as("hr")
    response = client.get(reverse("course-list"), {"q": "heftruck"})
    assert [c.name for c in response.context["page"].object_list] == ["Heftruckcertificaat"]
    client.post(
        reverse("course-create"),
        {"name": "Reachtruck", "institute": "Rijschool Tiel", "cost": "350.00"},
    )
    course = plans_demo.courses.get(name="Reachtruck")
    client.post(reverse("course-toggle", args=[course.pk]), {"active": "0"})
    course.refresh_from_db()
    assert not course.is_active
    names = [c.name for c in client.get(reverse("course-list")).context["page"].object_list]
    assert "Reachtruck" not in names


def test_taking_a_course_out_twice_leaves_it_out(plans_demo, login_as):
    """Issue 10: two HR colleagues press "Uit de catalogus halen" on the same list; the
    button was a toggle, so the second press put the course back."""
    course = plans_demo.courses.get(name="Heftruckcertificaat")
    first, second = login_as("hr"), login_as("hr")
    for client in (first, second):
        client.post(reverse("course-toggle", args=[course.pk]), {"active": "0"})
    course.refresh_from_db()
    assert not course.is_active
    first.post(reverse("course-toggle", args=[course.pk]))  # no choice: nothing changes
    course.refresh_from_db()
    assert not course.is_active


# --- the dossier log -----------------------------------------------------------------------


def test_every_read_and_change_of_a_plan_is_logged(plans_demo, login_as):
    plan = kees_plan()
    last = AuditEvent.objects.filter(employee=plan.employee).order_by("-seq").first().seq
    login_as("hr").get(reverse("plan-detail", args=[plan.pk]))
    login_as("manager").post(reverse("plan-point-create", args=[plan.pk]), point_data())
    login_as("manager").get(reverse("plan-pdf", args=[plan.pk]))
    events = list(
        AuditEvent.objects.filter(employee=plan.employee, seq__gt=last)
        .order_by("seq")
        .values_list("actor__personnel_number", "verb", "subject_id")
    )
    assert events == [
        ("D-hr", "plan.version_read", plan.pk),
        ("D-manager", "plan.point_added", plan.pk),
        ("D-manager", "plan.downloaded", plan.pk),
    ]
    response = login_as("medewerker").get(reverse("dossier-log"))
    assert "Fatima el Amrani" in response.content.decode()
    assert "heeft een aandachtspunt aan het POP toegevoegd (Functie/taakgericht)" in (
        response.content.decode()
    )


# --- from a held conversation ------------------------------------------------------------


def held_conversation(kees: Employee, manager: Employee):
    from django.utils import timezone

    from koers.conversations.models import (
        Conversation,
        ConversationTemplate,
        ConversationType,
        Status,
    )

    kind, _created = ConversationType.objects.get_or_create(
        organisation=kees.organisation, kind="pop", defaults={"name": "POP-gesprek"}
    )
    template = ConversationTemplate.objects.create(conversation_type=kind, version=99)
    return Conversation.objects.create(
        organisation=kees.organisation,
        employee=kees,
        manager=manager,
        conversation_type=kind,
        template=template,
        starts_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 10)),
        place="Spreekkamer",
        status=Status.HELD,
    )


def test_manager_makes_the_plan_from_a_held_conversation(demo, login_as):
    conversation = held_conversation(person("D-medewerker"), person("D-manager"))
    client = login_as("manager")
    url = f"{reverse('plan-create')}?conversation={conversation.pk}"
    page = client.get(url)
    assert page.context["form"]["employee"].value() == conversation.employee_id
    assert page.context["form"]["period_start"].value() == datetime.date(2026, 3, 2)
    client.post(url, {"employee": conversation.employee_id, "period_start": "2026-03-02"})
    plan = DevelopmentPlan.objects.get(conversation=conversation)
    assert plan.period_end == datetime.date(2027, 3, 1)
    # Another team's manager cannot start from this conversation.
    other = Team.objects.get(name="Verpakken").managers.first()
    assert not DevelopmentPlan.objects.visible_to(actor_for(other)).filter(pk=plan.pk).exists()
    assert login_as("hr").get(url).status_code == 403
    # The plan of a conversation exists once: starting again opens it.
    again = login_as("manager").get(url)
    assert again.status_code == 302 and again["Location"] == reverse("plan-detail", args=[plan.pk])
    assert DevelopmentPlan.objects.filter(conversation=conversation).count() == 1


def test_agreements_become_development_points(demo):
    manager = actor_for(person("D-manager"))
    plan = actions.create_plan(manager, person("D-medewerker"))
    points = actions.adopt_agreements(
        manager,
        plan,
        [
            {"category": Category.CAREER, "title": "Voorman worden", "goal": "Ik werk in."},
            {"category": Category.FUNCTION, "title": "Tekening lezen", "ignored": "x"},
        ],
    )
    assert [p.title for p in points] == ["Voorman worden", "Tekening lezen"]
    assert plan.points.count() == 2


def test_manager_edits_an_activity_with_an_empty_cost(plans_demo, login_as):
    plan = DevelopmentPlan.objects.with_state().filter(
        state=VersionStatus.DRAFT, points__isnull=False
    )[0]
    activity = Activity.objects.filter(point__plan=plan, course__isnull=True).first()
    response = login_as("manager").post(
        reverse("plan-activity-edit", args=[plan.pk, activity.pk]),
        {
            "kind": "coach",
            "description": "Gesprekken met de jobcoach",
            "cost": "",
            "owner": "employer",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.cost == Decimal("0.00")
    assert not activity.in_working_time


def test_blank_pop_is_an_aid_with_my_details_and_empty_rows(demo, login_as, tmp_path):
    import subprocess

    response = login_as("medewerker").get(reverse("plan-blank-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    out = tmp_path / "blank.pdf"
    out.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True)
    assert "Leeg POP" in text.stdout
    assert "Kees Bakker" in text.stdout
    for category in ("Persoonlijke vorming", "Functie/taakgericht", "Loopbaangericht"):
        assert category in text.stdout
    assert "€" not in text.stdout  # nothing filled in: no amounts


def test_two_people_of_the_same_name_can_be_told_apart(plans_demo, login_as):
    """Issue 14: "Wendy Kok (Assemblage)" twice, with nothing to tell them apart."""
    team = Team.objects.get(name="Assemblage")
    for number in ("WK-1", "WK-2"):
        Employee.objects.create(
            organisation=team.organisation,
            team=team,
            personnel_number=number,
            first_name="Wendy",
            last_name="Kok",
        )
    page = login_as("manager").get(reverse("plan-create")).content.decode()
    assert "Wendy Kok (Assemblage, nr. WK-1)" in page
    assert "Wendy Kok (Assemblage, nr. WK-2)" in page


def test_in_working_time_can_be_not_decided_yet(plans_demo, login_as, pdf_text):
    """Issue 14: "wel/niet in werkcontract" was a checkbox that started ticked."""
    plan = kees_plan()
    point = plan.points.first()
    client = login_as("manager")
    url = reverse("plan-activity-create", args=[plan.pk, point.pk])
    form = client.get(url).content.decode()
    # Ja, nee, nog niet bepaald; the last is where a new activity starts.
    assert re.search(r'name="in_working_time" value="" id="[^"]+" checked', form)
    assert 'name="in_working_time" value="yes"' in form
    data = {"kind": "course", "description": "Lassen", "owner": "employer", "in_working_time": ""}
    assert client.post(url, data).status_code == 302
    activity = point.activities.get(description="Lassen")
    assert activity.in_working_time is None
    flat = " ".join(pdf_text(client.get(reverse("plan-pdf", args=[plan.pk]))).split())
    assert "Lassen" in flat and "nog niet bepaald" in flat
    for answer, stored in (("yes", True), ("no", False)):
        edit = reverse("plan-activity-edit", args=[plan.pk, activity.pk])
        client.post(edit, {**data, "in_working_time": answer, "revision": activity.revision})
        activity.refresh_from_db()
        assert activity.in_working_time is stored
