"""Issue 18: the team filter of the people and conversation lists stays small at scale: a
select for a few teams, a text field with suggestions for thousands."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.organisations.models import Department, Employee, Team
from koers.organisations.team_filter import SELECT_LIMIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_teams(demo):
    department = Department.objects.create(organisation=demo, name="Groot")
    Team.objects.bulk_create(
        Team(organisation=demo, department=department, name=f"Ploeg {n:04d}")
        for n in range(SELECT_LIMIT * 5)
    )
    return Team.objects.filter(department=department)


def test_a_few_teams_are_a_select(login_as):
    page = login_as("hr").get(reverse("people-list")).content.decode()
    assert '<select name="team"' in page


def test_many_teams_are_a_text_field_without_thousands_of_options(many_teams, login_as):
    client = login_as("hr")
    for url in (reverse("people-list"), reverse("conversation-list")):
        page = client.get(url).content.decode()
        assert 'name="team"' in page and 'list="id_team-suggestions"' in page
        assert "Ploeg 0001" not in page  # no option per team
        assert page.count("<option") < 40


def test_typing_part_of_the_name_filters_the_people(many_teams, demo, login_as):
    team = many_teams.get(name="Ploeg 0007")
    Employee.objects.create(
        organisation=demo, personnel_number="X7", first_name="Zeven", last_name="Ploeg", team=team
    )
    client = login_as("hr")
    page = client.get(reverse("people-list"), {"team": "ploeg 0007"}).content.decode()
    assert "Zeven" in page and "Kees" not in page
    by_id = client.get(reverse("people-list"), {"team": team.pk}).content.decode()
    assert "Zeven" in by_id and "Kees" not in by_id
    unknown = client.get(reverse("people-list"), {"team": "Bestaat niet"}).content.decode()
    assert "Geen team gevonden dat zo heet." in unknown


def test_suggestions_are_the_first_ten_names_of_the_own_organisation(many_teams, login_as):
    page = login_as("hr").get(reverse("team-suggestions"), {"team": "ploeg 00"}).content.decode()
    assert page.count("<option") == 10
    assert '<option value="Ploeg 0000">' in page
    other = login_as("hr2").get(reverse("team-suggestions"), {"team": "ploeg"}).content.decode()
    assert "<option" not in other
