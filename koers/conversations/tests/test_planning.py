import datetime
import re
import subprocess
from email.utils import parseaddr

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from koers.access.relations import is_current_manager
from koers.conversations.actions import planning
from koers.conversations.models import Conversation, Invitation, Status
from koers.conversations.tests.conftest import AMSTERDAM, plan_form
from koers.lib.errors import Refused
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Team
from koers.testing import default_types

pytestmark = pytest.mark.django_db


def _type_pk(demo) -> int:
    return default_types(demo)[0].pk


def _event(data: bytes):
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def _ics_attachment(message) -> bytes:
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return content if isinstance(content, bytes) else content.encode()


def _plan(client, demo, who, date, capture, **extra):
    with capture(execute=True):
        return client.post(
            reverse("conversation-plan"),
            plan_form(who, date, conversation_type=_type_pk(demo), **extra),
        )


def _plan_team(client, demo, team, date, capture, **extra):
    """The team form: first the preview (nothing made), then the confirmation."""
    form = plan_form(f"team-{team.pk}", date, conversation_type=_type_pk(demo), **extra)
    preview = client.post(reverse("conversation-plan"), form)
    assert preview.status_code == 200
    assert preview.templates[0].name == "conversations/conversation_plan_preview.html"
    schedule = preview.context["schedule"]
    with capture(execute=True):
        return client.post(
            reverse("conversation-plan"), {**form, "confirm": "1", "schedule": schedule.digest}
        )


def test_manager_plans_a_talk_and_the_employee_gets_an_invitation(
    login_as, demo, kees, sanne, now, mailoutbox, django_capture_on_commit_callbacks
):
    client = login_as("manager")
    date = (now + datetime.timedelta(days=21)).date()
    response = _plan(client, demo, f"employee-{kees.pk}", date, django_capture_on_commit_callbacks)

    conversation = Conversation.objects.get(employee=kees)
    assert response.status_code == 302
    assert response["Location"] == reverse("conversation-detail", args=[conversation.pk])
    assert conversation.status == Status.PLANNED
    assert conversation.manager == sanne
    assert conversation.sequence == 0

    [message] = mailoutbox
    assert message.to == [kees.email]
    assert demo.why_text[:40] in message.body
    prepare = f"http://testserver/conversations/{conversation.pk}/prepare/"
    assert prepare in message.body
    calendar, event = _event(_ics_attachment(message))
    assert str(calendar["METHOD"]) == "REQUEST"
    starts = datetime.datetime.combine(date, datetime.time(10, 0), tzinfo=AMSTERDAM)
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == starts + datetime.timedelta(minutes=60)
    assert str(event["ORGANIZER"]) == f"mailto:{sanne.email}"
    assert str(event["ATTENDEE"]) == f"mailto:{kees.email}"
    assert event["ATTENDEE"].params["CN"] == kees.full_name
    assert event["SEQUENCE"] == 0
    assert str(event["LOCATION"]) == "Spreekkamer 2"
    assert prepare in str(event["DESCRIPTION"])
    assert demo.why_text[:40] in str(event["DESCRIPTION"]).replace("\n", " ")


def test_less_than_two_weeks_ahead_needs_confirmation(
    login_as, demo, kees, now, mailoutbox, django_capture_on_commit_callbacks
):
    client = login_as("manager")
    date = (now + datetime.timedelta(days=7)).date()
    response = _plan(client, demo, f"employee-{kees.pk}", date, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert not Conversation.objects.filter(employee=kees).exists()
    assert response.context["form"].short_notice
    assert "confirm_short_notice" in response.context["form"].errors
    assert "Minder dan twee weken vooruit" in response.content.decode()
    assert mailoutbox == []

    response = _plan(
        client,
        demo,
        f"employee-{kees.pk}",
        date,
        django_capture_on_commit_callbacks,
        confirm_short_notice="on",
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get(employee=kees)
    assert conversation.short_notice_confirmed
    assert len(mailoutbox) == 1


def test_planning_refuses_short_notice_without_confirmation(demo, kees, sanne, now):
    with pytest.raises(Refused) as refused:
        planning.plan_conversation(
            actor_for(sanne),
            employee=kees,
            conversation_type=default_types(demo)[0],
            starts_at=now + datetime.timedelta(days=13),
            duration_minutes=60,
            place="Kantine",
            base_url="http://testserver/",
        )
    assert refused.value.code == "conversations.short_notice"
    assert not Conversation.objects.filter(employee=kees).exists()


def test_manager_cannot_plan_for_another_team(login_as, demo, now):
    collega = Employee.objects.get(organisation=demo, personnel_number="D-collega")
    client = login_as("manager")
    response = client.post(
        reverse("conversation-plan"),
        plan_form(
            f"employee-{collega.pk}",
            (now + datetime.timedelta(days=20)).date(),
            conversation_type=_type_pk(demo),
        ),
    )
    assert response.status_code == 200
    assert "who" in response.context["form"].errors
    assert not Conversation.objects.filter(employee=collega).exists()


def test_manager_plans_the_whole_team_in_one_go(
    login_as, demo, sanne, now, mailoutbox, django_capture_on_commit_callbacks
):
    team = Team.objects.get(organisation=demo, name="Assemblage")
    members = list(team.members.exclude(pk=sanne.pk).order_by("last_name", "first_name", "pk"))
    client = login_as("manager")
    date = (now + datetime.timedelta(days=15)).date()
    response = _plan_team(
        client,
        demo,
        team,
        date,
        django_capture_on_commit_callbacks,
        duration_minutes=45,
        gap_minutes=15,
    )

    assert response.status_code == 302
    talks = list(Conversation.objects.filter(employee__team=team).order_by("starts_at"))
    assert [t.employee_id for t in talks] == [m.pk for m in members]
    first = datetime.datetime.combine(date, datetime.time(10, 0), tzinfo=AMSTERDAM)
    assert [t.starts_at for t in talks[:3]] == [
        first,
        first + datetime.timedelta(hours=1),
        first + datetime.timedelta(hours=2),
    ]
    with_email = [m for m in members if m.email]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.email for m in with_email)
    letters = Invitation.objects.filter(
        conversation__in=talks, channel=Invitation.Channel.LETTER
    ).count()
    assert letters == len(members) - len(with_email) > 0

    # Planning again skips everyone who already has an open talk.
    response = _plan_team(client, demo, team, date, django_capture_on_commit_callbacks)
    assert Conversation.objects.filter(employee__team=team).count() == len(members)


def test_employee_without_email_gets_a_letter_to_the_home_address(
    login_as, demo, without_email, now, mailoutbox, django_capture_on_commit_callbacks
):
    client = login_as("manager")
    _plan(
        client,
        demo,
        f"employee-{without_email.pk}",
        (now + datetime.timedelta(days=21)).date(),
        django_capture_on_commit_callbacks,
    )
    conversation = Conversation.objects.get(employee=without_email)
    assert mailoutbox == []
    assert conversation.invitations.get().channel == Invitation.Channel.LETTER

    detail = client.get(reverse("conversation-detail", args=[conversation.pk]))
    assert "geen e-mailadres" in detail.content.decode()

    response = client.get(reverse("conversation-letter", args=[conversation.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert without_email.full_name in text
    assert without_email.street in text
    assert without_email.postcode in text
    assert "Uitnodiging: Ontwikkelgesprek" in text
    assert "maandag 23 maart 2026" in text
    assert "Hoe zie ik mijn huidige functie?" in text
    assert "geen beoordeling" in text
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "(A4)" in info
    assert re.search(r"Pages:\s+1\n", info)


def test_letter_leaves_out_the_address_when_the_organisation_keeps_none(
    login_as, demo, kees, sanne, now
):
    demo.keeps_address = False
    demo.save()
    conversation = _planned(demo, kees, sanne, now)
    response = login_as("manager").get(reverse("conversation-letter", args=[conversation.pk]))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert kees.full_name in text
    assert kees.street not in text


def _planned(demo, employee, manager, now, days=20):
    return planning.plan_conversation(
        actor_for(manager),
        employee=employee,
        conversation_type=default_types(demo)[0],
        starts_at=now + datetime.timedelta(days=days),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
        send_email=False,
    )


def test_reschedule_sends_an_update_with_the_next_sequence(
    login_as, demo, kees, sanne, now, mailoutbox, django_capture_on_commit_callbacks
):
    conversation = _planned(demo, kees, sanne, now)
    client = login_as("manager")
    url = reverse("conversation-reschedule", args=[conversation.pk])
    assert client.get(url).status_code == 200
    new_date = (now + datetime.timedelta(days=30)).date()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "date": new_date.isoformat(),
                "time": "14:30",
                "duration_minutes": 90,
                "place": "Vergaderzaal",
            },
        )
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.sequence == 1
    [message] = mailoutbox
    assert message.subject.startswith("Gewijzigd")
    calendar, event = _event(_ics_attachment(message))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == f"conversation-{conversation.uid}@koers"
    starts = datetime.datetime.combine(new_date, datetime.time(14, 30), tzinfo=AMSTERDAM)
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == starts + datetime.timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Vergaderzaal"


def test_reschedule_to_short_notice_needs_confirmation(login_as, demo, kees, sanne, now):
    conversation = _planned(demo, kees, sanne, now)
    response = login_as("manager").post(
        reverse("conversation-reschedule", args=[conversation.pk]),
        {
            "date": (now + datetime.timedelta(days=3)).date().isoformat(),
            "time": "10:00",
            "duration_minutes": 60,
            "place": "Kantine",
        },
    )
    assert response.status_code == 200
    assert "confirm_short_notice" in response.context["form"].errors
    conversation.refresh_from_db()
    assert conversation.sequence == 0


def test_cancel_asks_first_then_sends_a_cancellation(
    login_as, demo, kees, sanne, now, mailoutbox, django_capture_on_commit_callbacks
):
    conversation = _planned(demo, kees, sanne, now)
    client = login_as("manager")
    url = reverse("conversation-cancel", args=[conversation.pk])
    page = client.get(url)
    assert "Gesprek afzeggen?" in page.content.decode()
    conversation.refresh_from_db()
    assert conversation.status == Status.PLANNED

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Ik ben ziek."})
    conversation.refresh_from_db()
    assert conversation.status == Status.CANCELLED
    [message] = mailoutbox
    calendar, event = _event(_ics_attachment(message))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == f"conversation-{conversation.uid}@koers"
    assert "Ik ben ziek." in message.body
    # A cancelled talk cannot be cancelled or moved again.
    assert client.get(url).status_code == 404


def test_employee_downloads_the_ics(login_as, demo, kees, sanne, now):
    conversation = _planned(demo, kees, sanne, now)
    response = login_as("medewerker").get(reverse("conversation-ics", args=[conversation.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    _calendar, event = _event(response.content)
    assert event.decoded("DTSTART") == conversation.starts_at
    assert str(event["ORGANIZER"]) == f"mailto:{sanne.email}"
    assert str(event["ATTENDEE"]) == f"mailto:{kees.email}"


def test_employee_cannot_reschedule_their_own_talk(login_as, demo, kees, sanne, now):
    conversation = _planned(demo, kees, sanne, now)
    client = login_as("medewerker")
    assert client.get(reverse("conversation-reschedule", args=[conversation.pk])).status_code == 403
    assert client.post(reverse("conversation-cancel", args=[conversation.pk])).status_code == 403


def test_after_a_team_change_only_the_new_manager_sees_the_talk(
    login_as, client, demo, kees, sanne, now
):
    conversation = _planned(demo, kees, sanne, now)
    url = reverse("conversation-detail", args=[conversation.pk])
    assert login_as("manager").get(url).status_code == 200

    kees.team = Team.objects.get(organisation=demo, name="Verpakken")
    kees.save()

    assert login_as("manager").get(url).status_code == 404
    assert (
        login_as("manager").get(reverse("conversation-prepare", args=[conversation.pk])).status_code
        == 404
    )
    new_manager = kees.team.managers.get()
    assert is_current_manager(actor_for(new_manager), kees)
    assert not is_current_manager(actor_for(sanne), kees)


def test_plan_form_preselects_a_team_member(login_as, kees):
    response = login_as("manager").get(reverse("conversation-plan"), {"employee": kees.pk})
    assert response.context["form"]["who"].value() == f"employee-{kees.pk}"
    assert "Heel team Assemblage" in response.content.decode()


def test_organizer_falls_back_to_koers_when_the_manager_has_no_email(
    demo, kees, sanne, now, mailoutbox, django_capture_on_commit_callbacks
):
    sanne.email = ""
    sanne.save()
    with django_capture_on_commit_callbacks(execute=True):
        _planned_with_mail(demo, kees, sanne, now)
    [message] = mailoutbox
    assert message.reply_to == []
    _calendar, event = _event(_ics_attachment(message))
    assert str(event["ORGANIZER"]) == f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"
    assert event["ORGANIZER"].params["CN"] == sanne.full_name


def _planned_with_mail(demo, employee, manager, now):
    return planning.plan_conversation(
        actor_for(manager),
        employee=employee,
        conversation_type=default_types(demo)[0],
        starts_at=now + datetime.timedelta(days=20),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
    )


def test_invitations_are_in_the_employees_language(kees, without_email):
    from koers.conversations.invitations import recipient_language

    kees.user.language = "en"
    kees.user.save()
    assert recipient_language(kees) == "en"
    assert recipient_language(without_email) == "nl"
