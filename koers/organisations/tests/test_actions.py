"""The one door of organisations and accounts: a refused actor changes nothing, a done
change leaves its event in the log."""

from __future__ import annotations

import datetime

import pytest

from koers.access.actor import Actor
from koers.accounts import actions as account_actions
from koers.audit.models import AuditEvent
from koers.lib.errors import NotAllowed, Refused
from koers.organisations.actions import logins, people, structure, transfers
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation, Team

pytestmark = pytest.mark.django_db


def person(number: str, org: str = "demo-werkbedrijf") -> Employee:
    return Employee.objects.get(organisation__slug=org, personnel_number=number)


def events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("seq"))


def test_an_employee_cannot_edit_a_colleague_and_nothing_changes(demo):
    dewi = person("D-collega")
    with pytest.raises(NotAllowed):
        people.edit_person(actor_for(person("D-medewerker")), dewi, function="Directeur")
    dewi.refresh_from_db()
    assert dewi.function == "Medewerker verpakken"
    assert not events("person.changed")


def test_hr_of_another_organisation_cannot_mark_left_service(demo):
    kees = person("D-medewerker")
    with pytest.raises(NotAllowed):
        people.mark_left_service(
            actor_for(person("D-hr2", "tweede-organisatie")), kees, datetime.date(2020, 1, 1)
        )
    kees.refresh_from_db()
    assert kees.left_service_on is None and not events("person.left_service")


def test_hr_cannot_change_structure_only_the_org_admin(demo):
    team = Team.objects.get(name="Assemblage")
    with pytest.raises(NotAllowed):
        structure.delete_team(actor_for(person("D-hr")), team)
    with pytest.raises(NotAllowed):
        structure.add_department(actor_for(person("D-hr")), demo, "Techniek")
    assert Team.objects.filter(pk=team.pk).exists()
    assert not demo.departments.filter(name="Techniek").exists()


def test_a_system_actor_acts_for_its_own_organisation_only(demo):
    second = Organisation.objects.get(slug="tweede-organisatie")
    with pytest.raises(NotAllowed):
        people.add_person(Actor.for_system(second.pk), demo, personnel_number="X", last_name="X")
    assert not demo.employees.filter(personnel_number="X").exists()


def test_hr_marks_left_service_and_undoes_it_on_the_persons_file(demo):
    hr, kees = actor_for(person("D-hr")), person("D-medewerker")
    people.mark_left_service(hr, kees, datetime.date(2020, 1, 1))
    people.undo_left_service(hr, kees)
    left, undone = events("person.left_service")[-1], events("person.left_service_undone")[-1]
    assert (left.actor_id, left.employee_id) == (hr.employee_id, kees.pk)
    assert left.params == {"on": "2020-01-01"}
    assert undone.employee_id == kees.pk


def test_admin_changes_roles_with_one_event_per_role(demo):
    admin, dewi = actor_for(person("D-admin")), person("D-collega")
    logins.set_roles(admin, dewi, is_hr=True, is_org_admin=True)
    granted = [e.params["role"] for e in events("person.role_granted") if e.employee_id == dewi.pk]
    assert sorted(granted) == ["hr", "org_admin"]
    with pytest.raises(Refused):
        logins.set_roles(admin, person("D-admin"), is_hr=False, is_org_admin=False)


def test_structure_changes_are_logged(demo):
    admin = actor_for(person("D-admin"))
    department = structure.add_department(admin, demo, "Techniek")
    team = structure.add_team(
        admin, demo, department=department, name="Onderhoud", managers=[person("D-collega")]
    )
    assert events("department.created")[-1].params == {"department": department.pk}
    assert events("team.managers_changed")[-1].params == {"team": team.pk, "count": 1}
    structure.delete_team(admin, team)
    assert events("team.deleted")[-1].actor_id == admin.employee_id


def test_an_export_is_recorded_with_the_people_in_it(demo):
    hr = actor_for(person("D-hr"))
    kees, hr_person = person("D-medewerker"), person("D-hr")
    transfers.record_export(hr, demo, [kees.pk, hr_person.pk, kees.pk])
    event = events("people.exported")[-1]
    assert event.params == {"count": 2}
    assert sorted(event.people.values_list("employee_id", flat=True)) == sorted(
        [kees.pk, hr_person.pk]
    )
    with pytest.raises(NotAllowed):
        transfers.record_export(actor_for(kees), demo, [kees.pk])


def test_the_demo_set_up_went_through_the_actions(demo):
    kees = person("D-medewerker")
    assert AuditEvent.objects.filter(verb="person.created", employee=kees).count() == 1
    assert AuditEvent.objects.filter(verb="organisation.created", organisation=demo).exists()


def test_only_the_user_themselves_sets_their_language(demo, users):
    kees = users["medewerker"]
    with pytest.raises(NotAllowed):
        account_actions.set_language(actor_for(person("D-hr")), kees, "en")
    kees.refresh_from_db()
    assert kees.language == "nl"
    account_actions.set_language(actor_for(person("D-medewerker")), kees, "en")
    kees.refresh_from_db()
    assert kees.language == "en"
    assert events("account.language_changed")[-1].employee_id == person("D-medewerker").pk
