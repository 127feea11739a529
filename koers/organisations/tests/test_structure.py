import pytest
from django.core import mail
from django.urls import reverse

from koers.accounts.models import User
from koers.organisations.actors import actor_for_user
from koers.organisations.models import Employee, Team

pytestmark = pytest.mark.django_db


def employee(number: str, org: str = "demo-werkbedrijf") -> Employee:
    return Employee.objects.get(organisation__slug=org, personnel_number=number)


def test_admin_sees_departments_and_teams_with_counts(login_as, django_assert_max_num_queries):
    client = login_as("admin")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("team-list"))
    text = response.content.decode()
    assert "Assemblage" in text and "Sanne de Vries" in text
    assert "Magazijn" not in text  # the other organisation's team


def test_admin_adds_department_and_team_with_manager(login_as, users, demo):
    client = login_as("admin")
    client.post(reverse("team-list"), {"name": "Techniek"})
    department = demo.departments.get(name="Techniek")
    leader = employee("D-collega")
    response = client.post(
        reverse("team-create"),
        {"name": "Onderhoud", "department": department.pk, "managers": [leader.pk]},
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Onderhoud")
    assert list(team.managers.all()) == [leader]
    # The new manager now sees the team: roles follow the structure at once.
    actor = actor_for_user(users["collega"])
    assert actor.has_role("manager") and team.pk in actor.led_team_ids


def test_changing_manager_moves_who_sees_the_team(login_as, users, demo):
    team = demo.teams.get(name="Assemblage")
    new_leader = employee("D-hr")
    login_as("admin").post(
        reverse("team-edit", args=[team.pk]),
        {"name": team.name, "department": team.department_id, "managers": [new_leader.pk]},
    )
    assert not actor_for_user(users["manager"]).has_role("manager")
    assert team.pk in actor_for_user(users["hr"]).led_team_ids


def test_team_with_people_cannot_be_deleted(login_as, demo):
    team = demo.teams.get(name="Assemblage")
    response = login_as("admin").post(reverse("team-delete", args=[team.pk]))
    assert "Er zitten nog mensen in dit team" in response.content.decode()
    assert Team.objects.filter(pk=team.pk).exists()


def test_other_organisation_team_is_404(login_as, demo):
    other = Team.objects.get(name="Magazijn")
    assert login_as("admin").get(reverse("team-edit", args=[other.pk])).status_code == 404


def test_hr_grants_login_by_email_link(login_as, django_capture_on_commit_callbacks):
    person = (
        Employee.objects.filter(organisation__slug="demo-werkbedrijf", user__isnull=True)
        .exclude(email="")
        .first()
    )
    client = login_as("hr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("person-access", args=[person.pk]), {"action": "grant", "username": "nieuw1"}
        )
    assert response.status_code == 302
    user = User.objects.get(username="nieuw1")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person.email]
    assert "/accounts/activate/" in mail.outbox[0].body


def test_login_without_email_waits_for_its_activation_letter(login_as):
    """Issue 10: HR no longer chooses a first password (see test_activation.py)."""
    person = Employee.objects.filter(
        organisation__slug="demo-werkbedrijf", user__isnull=True, email=""
    ).first()
    client = login_as("hr")
    response = client.post(
        reverse("person-access", args=[person.pk]), {"action": "grant", "username": "zonder"}
    )
    assert response.status_code == 302
    assert not User.objects.get(username="zonder").has_usable_password()
    page = client.get(reverse("person-access", args=[person.pk])).content.decode()
    assert "Maak nu de activeringsbrief" in page


def test_hr_cannot_change_roles_but_admin_can(login_as):
    person = employee("D-collega")
    login_as("hr").post(
        reverse("person-access", args=[person.pk]), {"action": "roles", "is_org_admin": "on"}
    )
    person.refresh_from_db()
    assert not person.is_org_admin
    login_as("admin").post(
        reverse("person-access", args=[person.pk]), {"action": "roles", "is_hr": "on"}
    )
    person.refresh_from_db()
    assert person.is_hr and not person.is_org_admin


def test_admin_cannot_remove_own_admin_role(login_as):
    me = employee("D-admin")
    response = login_as("admin").post(reverse("person-access", args=[me.pk]), {"action": "roles"})
    assert "eigen beheerdersrol" in response.content.decode()
    me.refresh_from_db()
    assert me.is_org_admin


def test_revoked_login_cannot_sign_in(login_as, client, users):
    person = employee("D-collega")
    login_as("hr").post(reverse("person-access", args=[person.pk]), {"action": "revoke"})
    client.logout()
    response = client.post(reverse("login"), {"login": "collega", "password": "koers-demo"})
    assert response.status_code == 200  # the form again, not a redirect
    assert "klopt niet" in response.content.decode()


def test_superuser_uses_django_admin(login_as):
    client = login_as("admin")
    assert client.get("/admin/organisations/employee/").status_code == 200
    assert login_as("hr").get("/admin/").status_code == 302


def test_hr_cannot_stop_the_admins_login(login_as):
    """Issue 10: HR could lock the org admin out by stopping their login."""
    admin = employee("D-admin")
    client = login_as("hr")
    page = client.get(reverse("person-access", args=[admin.pk])).content.decode()
    assert 'value="revoke"' not in page
    response = client.post(reverse("person-access", args=[admin.pk]), {"action": "revoke"})
    assert response.status_code in (403, 404)
    admin.user.refresh_from_db()
    assert admin.user.is_active


def test_admin_cannot_stop_own_login(login_as):
    me = employee("D-admin")
    client = login_as("admin")
    assert (
        'value="revoke"' not in client.get(reverse("person-access", args=[me.pk])).content.decode()
    )
    response = client.post(reverse("person-access", args=[me.pk]), {"action": "revoke"})
    assert "eigen login" in response.content.decode()
    me.user.refresh_from_db()
    assert me.user.is_active


def test_admin_stops_hr_login(login_as):
    hr = employee("D-hr")
    login_as("admin").post(reverse("person-access", args=[hr.pk]), {"action": "revoke"})
    hr.user.refresh_from_db()
    assert not hr.user.is_active
