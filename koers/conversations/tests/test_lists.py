import datetime

import pytest
from django.urls import reverse

from koers.conversations.actions import planning
from koers.conversations.demo import extend_demo
from koers.conversations.models import Conversation, Status
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Team
from koers.testing import default_types

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_talks(demo):
    extend_demo(demo)
    return Conversation.objects.filter(organisation=demo)


def test_demo_has_talks_in_several_statuses(demo_talks, kees):
    statuses = set(demo_talks.values_list("status", flat=True))
    assert {Status.PLANNED, Status.PREPARING, Status.CANCELLED} <= statuses
    kees_talk = demo_talks.get(employee=kees)
    assert kees_talk.status == Status.PREPARING and kees_talk.is_shared
    assert demo_talks.filter(prepared_together_by__isnull=False).exists()


def test_demo_is_idempotent(demo, demo_talks):
    count = demo_talks.count()
    extend_demo(demo)
    assert Conversation.objects.filter(organisation=demo).count() == count


def test_manager_sees_team_talks_by_status_and_who_has_none(login_as, demo_talks, sanne):
    response = login_as("manager").get(reverse("conversation-list"))
    overview = response.context["overview"]
    team_talks = set(demo_talks.values_list("pk", flat=True))
    listed = {c.pk for rows in overview.by_status.values() for c in rows}
    assert listed == team_talks
    preparing = overview.by_status[Status.PREPARING]
    assert preparing[0].employee.personnel_number == "D-medewerker"
    assert overview.by_status[Status.CANCELLED]

    team = Team.objects.get(name="Assemblage", organisation=sanne.organisation)
    with_talk = demo_talks.exclude(status=Status.CANCELLED).values_list("employee_id", flat=True)
    expected = set(team.members.in_service().exclude(pk__in=with_talk).values_list("pk", flat=True))
    assert {e.pk for e in overview.without_conversation} == expected
    page = response.content.decode()
    assert "Nog geen gesprek" in page
    assert f"?employee={overview.without_conversation[0].pk}" in page


def test_a_talk_long_ago_does_not_count_for_the_interval(demo, kees, sanne, login_as):
    talk = planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=default_types(demo)[0],
        starts_at=datetime.datetime(2026, 1, 1, 10, tzinfo=datetime.UTC),
        duration_minutes=60,
        place="x",
        short_notice_confirmed=True,
        base_url="http://testserver/",
        send_email=False,
    )
    Conversation.objects.filter(pk=talk.pk).update(
        starts_at=datetime.datetime(2020, 1, 1, 10, tzinfo=datetime.UTC), status=Status.SIGNED
    )
    overview = login_as("manager").get(reverse("conversation-list")).context["overview"]
    assert kees in overview.without_conversation


def test_employee_sees_their_next_talk(login_as, demo_talks, kees):
    response = login_as("medewerker").get(reverse("conversation-list"))
    assert response.context["next_conversation"] == demo_talks.get(employee=kees)
    assert "overview" not in response.context
    assert "counts" not in response.context
    page = response.content.decode()
    assert "Mijn voorbereiding" in page
    assert "geen functioneringsgesprek" in page


def test_colleague_sees_no_talks_of_others(login_as, demo_talks):
    response = login_as("collega").get(reverse("conversation-list"))
    assert response.context["mine"] == []
    assert response.context["next_conversation"] is None


def test_hr_sees_all_talks_with_filters_and_counts(login_as, demo, demo_talks):
    client = login_as("hr")
    response = client.get(reverse("conversation-list"))
    assert response.context["page"].paginator.count == demo_talks.count()
    counts = {status: n for status, _label, n in response.context["counts"]}
    assert counts[Status.PREPARING] == demo_talks.filter(status=Status.PREPARING).count()
    assert counts[Status.CANCELLED] == 1

    response = client.get(reverse("conversation-list"), {"status": Status.CANCELLED})
    assert [c.status for c in response.context["page"].object_list] == [Status.CANCELLED]
    response = client.get(reverse("conversation-list"), {"q": "Bakker Kees"})
    assert [c.employee.personnel_number for c in response.context["page"].object_list] == [
        "D-medewerker"
    ]
    other = Team.objects.get(organisation=demo, name="Verpakken")
    response = client.get(reverse("conversation-list"), {"team": other.pk})
    assert response.context["page"].paginator.count == 0


def test_hr_of_another_organisation_sees_none_of_these(login_as, demo_talks):
    response = login_as("hr2").get(reverse("conversation-list"))
    assert response.context["page"].paginator.count == 0


def _plan_many(demo, count: int) -> None:
    team = Team.objects.get(organisation=demo, name="Assemblage")
    manager = team.managers.get()
    types = default_types(demo)
    members = list(team.members.exclude(pk=manager.pk).order_by("pk")[:count])
    for index, member in enumerate(members):
        planning.plan_conversation(
            actor_for(manager),
            employee=member,
            conversation_type=types[index % 4],
            starts_at=datetime.datetime(2030, 1, 1, 8, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=index),
            duration_minutes=60,
            place="x",
            base_url="http://testserver/",
            send_email=False,
        )


@pytest.mark.parametrize("who", ["manager", "hr", "medewerker"])
def test_list_query_count_is_flat(login_as, demo, who, django_assert_max_num_queries):
    client = login_as(who)
    _plan_many(demo, 2)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("conversation-list"))
    Conversation.objects.all().delete()
    _plan_many(demo, 11)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("conversation-list"))
    assert response.status_code == 200


def test_detail_query_count(login_as, demo_talks, kees, django_assert_max_num_queries):
    talk = demo_talks.get(employee=kees)
    client = login_as("manager")
    with django_assert_max_num_queries(15):
        client.get(reverse("conversation-prepare", args=[talk.pk]))
    with django_assert_max_num_queries(15):
        client.get(reverse("conversation-detail", args=[talk.pk]))
    assert Employee.objects.filter(pk=kees.pk).exists()


def test_months_before():
    from koers.lib.dates import months_before

    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_demo_has_held_reported_and_signed_talks(demo_talks):
    from koers.conversations.models import Report
    from koers.signing import services as signing

    statuses = set(demo_talks.values_list("status", flat=True))
    assert {Status.HELD, Status.REPORTED, Status.SIGNED} <= statuses
    signed = demo_talks.get(status=Status.SIGNED)
    version = signing.latest_version(Report.objects.get(conversation=signed))
    assert version.is_signed and signing.verify(version)
    assert len(version.snapshot["agreements"]) == 2
    assert all(a["smart"] for a in version.snapshot["agreements"])
    assert signed.development_plans.get().points.count() == 2
    sections = version.snapshot["sections"]
    assert "Wil beter tekeningen lezen" in sections["information"]
    assert "Drukte op de lijn" in sections["planning"]
    # The employee's own mark is not part of the report (it may change until signing).
    assert "employee_score" not in version.snapshot
    assert (signed.rating.score, signed.rating.given_by) == (4, "employee")


def test_demo_with_the_pop_demo_gives_nobody_two_plans(demo):
    from django.db.models import Count

    from koers.plans.demo import extend_demo as plans_demo
    from koers.plans.models import DevelopmentPlan

    extend_demo(demo)
    plans_demo(demo)
    extend_demo(demo)
    doubles = (
        DevelopmentPlan.objects.filter(organisation=demo)
        .values("employee")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubles
