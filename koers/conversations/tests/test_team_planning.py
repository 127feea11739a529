"""Issue 11 item 7: a whole team planned within working hours over working days, after a
preview of every slot; nothing is made or sent before the confirmation."""

import datetime

import pytest
from django.urls import reverse

from koers.conversations.models import Conversation, Invitation
from koers.conversations.tests.conftest import AMSTERDAM, plan_form
from koers.organisations.actions import people
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Team
from koers.testing import assert_no_writes, default_types

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 23)  # three weeks after the tests' "now"


@pytest.fixture
def assemblage(demo, sanne) -> Team:
    team = Team.objects.get(organisation=demo, name="Assemblage")
    assert team.members.exclude(pk=sanne.pk).in_service().count() >= 11
    return team


def _form(demo, team, day=MONDAY, **extra):
    return plan_form(
        f"team-{team.pk}",
        day,
        conversation_type=default_types(demo)[0].pk,
        **{"time": "09:00", "duration_minutes": 60, "gap_minutes": 15, **extra},
    )


def _members(team, sanne):
    return list(
        team.members.exclude(pk=sanne.pk).in_service().order_by("last_name", "first_name", "pk")
    )


def test_the_preview_lists_every_slot_and_changes_nothing(
    login_as, demo, assemblage, sanne, now, mailoutbox
):
    client = login_as("manager")
    members = _members(assemblage, sanne)
    with assert_no_writes():
        response = client.post(reverse("conversation-plan"), _form(demo, assemblage))
    assert response.status_code == 200
    slots = response.context["schedule"].slots
    assert [slot.employee for slot in slots] == members
    page = response.content.decode()
    for slot in slots:
        assert slot.employee.full_name in page
    assert "maandag 23 maart 2026" in page and "dinsdag 24 maart 2026" in page
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_a_team_of_twelve_fits_in_working_hours_over_several_days(
    login_as, demo, assemblage, sanne, now, django_capture_on_commit_callbacks
):
    client = login_as("manager")
    members = _members(assemblage, sanne)[:12]
    form = _form(demo, assemblage)
    preview = client.post(reverse("conversation-plan"), form)
    digest = preview.context["schedule"].digest
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("conversation-plan"), {**form, "confirm": "1", "schedule": digest}
        )
    assert response.status_code == 302

    talks = list(Conversation.objects.filter(employee__team=assemblage).order_by("starts_at"))
    assert len(talks) == len(_members(assemblage, sanne)) >= len(members)
    for talk in talks:
        start = talk.starts_at.astimezone(AMSTERDAM)
        end = start + datetime.timedelta(minutes=talk.duration_minutes)
        assert start.time() >= datetime.time(9, 0)
        assert end.time() <= datetime.time(17, 0) and end.date() == start.date()
        assert start.weekday() < 5
    assert len({t.starts_at.astimezone(AMSTERDAM).date() for t in talks}) >= 2
    first_day = [t for t in talks if t.starts_at.astimezone(AMSTERDAM).date() == MONDAY]
    assert len(first_day) == 6  # 09:00 ... 15:15; the 16:30 talk would end at 17:30
    # What was previewed is what was planned.
    assert [(t.employee_id, t.starts_at) for t in talks] == [
        (s.employee.pk, s.starts_at) for s in preview.context["schedule"].slots
    ]


def test_closed_days_and_the_organisations_hours_are_kept(login_as, demo, assemblage, now):
    people.change_settings(
        actor_for_admin(demo),
        demo,
        work_day_starts=datetime.time(8, 30),
        work_day_ends=datetime.time(12, 0),
        closed_days=["2026-03-24"],
    )
    client = login_as("manager")
    response = client.post(reverse("conversation-plan"), _form(demo, assemblage, day=MONDAY))
    starts = [s.starts_at.astimezone(AMSTERDAM) for s in response.context["schedule"].slots]
    assert datetime.date(2026, 3, 24) not in {s.date() for s in starts}
    # Monday from 09:00: 09:00 and 10:15; Tuesday is closed; Wednesday opens at 08:30.
    assert starts[2] == datetime.datetime(2026, 3, 25, 8, 30, tzinfo=AMSTERDAM)
    for start in starts:
        assert start.time() >= datetime.time(8, 30)
        assert (start + datetime.timedelta(hours=1)).time() <= datetime.time(12, 0)


def test_a_schedule_that_changed_since_the_preview_plans_nothing(
    login_as, demo, assemblage, sanne, kees, now, mailoutbox
):
    client = login_as("manager")
    form = _form(demo, assemblage)
    digest = client.post(reverse("conversation-plan"), form).context["schedule"].digest
    # Meanwhile Kees gets a talk of his own: the previewed schedule no longer holds.
    client.post(
        reverse("conversation-plan"),
        plan_form(
            f"employee-{kees.pk}",
            MONDAY + datetime.timedelta(days=14),
            conversation_type=default_types(demo)[0].pk,
        ),
    )
    mailoutbox.clear()
    with assert_no_writes():
        response = client.post(
            reverse("conversation-plan"), {**form, "confirm": "1", "schedule": digest}
        )
    assert response.status_code == 200
    assert "De planning is veranderd" in response.content.decode()
    assert Conversation.objects.filter(employee__team=assemblage).count() == 1
    assert mailoutbox == []


def test_a_talk_longer_than_the_working_day_is_refused(login_as, demo, assemblage, now):
    people.change_settings(
        actor_for_admin(demo),
        demo,
        work_day_starts=datetime.time(9),
        work_day_ends=datetime.time(11),
    )
    client = login_as("manager")
    with assert_no_writes():
        response = client.post(
            reverse("conversation-plan"), _form(demo, assemblage, duration_minutes=180)
        )
    assert "past niet binnen één werkdag" in response.content.decode()


def actor_for_admin(demo):
    return actor_for(Employee.objects.get(organisation=demo, personnel_number="D-admin"))


def test_hr_keeps_the_working_hours_and_closed_days(login_as, demo):
    client = login_as("hr")
    page = client.get(reverse("organisation-working-days"))
    assert page.status_code == 200
    form = page.context["form"]
    response = client.post(
        reverse("organisation-working-days"),
        {
            "revision": form["revision"].value(),
            "work_day_starts": "08:30",
            "work_day_ends": "16:30",
            "closed_days": "2026-12-25\n26-12-2026\n2026-12-25",
        },
    )
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.work_day_starts == datetime.time(8, 30)
    assert demo.work_day_ends == datetime.time(16, 30)
    assert demo.closed_days == ["2026-12-25", "2026-12-26"]


def test_a_working_day_that_ends_before_it_starts_is_refused(login_as, demo):
    client = login_as("hr")
    form = client.get(reverse("organisation-working-days")).context["form"]
    with assert_no_writes():
        response = client.post(
            reverse("organisation-working-days"),
            {
                "revision": form["revision"].value(),
                "work_day_starts": "17:00",
                "work_day_ends": "09:00",
                "closed_days": "geen datum",
            },
        )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "work_day_ends" in errors and "closed_days" in errors


def test_a_manager_cannot_change_the_working_days(login_as):
    assert login_as("manager").get(reverse("organisation-working-days")).status_code == 403
