"""Each relation is defined twice — as a queryset filter and as an in-memory check — and the
two must agree, for every actor and every person, on the demo and on generated organisations
(with people moving teams, managers of several teams, managers in the team they lead)."""

from __future__ import annotations

import random

import pytest

from koers.access import relations
from koers.access.actor import Actor
from koers.accounts.models import User
from koers.organisations.actors import actor_for, actor_for_user
from koers.organisations.models import Employee, Organisation, Team


def _disagreements(actors: list[Actor], people: list[Employee]) -> list[str]:
    found = []
    for relation in relations.ALL:
        for actor in actors:
            by_query = set(
                Employee.objects.filter(relation.q(actor, person="")).values_list("pk", flat=True)
            )
            in_memory = {p.pk for p in people if relation.holds(actor, p)}
            if by_query != in_memory:
                found.append(
                    f"{relation.name} for {actor.employee_id}: query-only "
                    f"{sorted(by_query - in_memory)} memory-only {sorted(in_memory - by_query)}"
                )
    return found


def _generated(seed: int) -> None:
    rng = random.Random(seed)
    org = Organisation.objects.create(name=f"Gegenereerd {seed}", slug=f"gen-{seed}")
    from koers.organisations.models import Department

    department = Department.objects.create(organisation=org, name="Afdeling")
    teams = [
        Team.objects.create(organisation=org, department=department, name=f"Team {n}")
        for n in range(rng.randint(2, 5))
    ]
    people = [
        Employee.objects.create(
            organisation=org,
            personnel_number=f"G{seed}-{n}",
            first_name=f"Persoon{n}",
            last_name="Test",
            team=rng.choice([*teams, None]),
            is_hr=rng.random() < 0.1,
            is_org_admin=rng.random() < 0.1,
        )
        for n in range(rng.randint(8, 20))
    ]
    for team in teams:
        team.managers.set(rng.sample(people, rng.randint(0, 2)))
    # Some people change team after their managers were chosen.
    for person in rng.sample(people, 3):
        person.team = rng.choice([*teams, None])
        person.save()


@pytest.mark.django_db
def test_relations_agree_on_the_demo(demo):
    people = list(Employee.objects.all())
    actors = [actor_for(p) for p in people[::3]] + [Actor(), Actor.for_system(demo.pk)]
    assert not _disagreements(actors, people)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_relations_agree_on_generated_organisations(seed):
    _generated(seed)
    people = list(Employee.objects.all())
    actors = [actor_for(p) for p in people]
    assert not _disagreements(actors, people)


@pytest.mark.django_db
def test_no_relation_crosses_organisations(demo):
    other = Employee.objects.exclude(organisation=demo).first()
    hr = actor_for(Employee.objects.get(organisation=demo, personnel_number="D-hr"))
    assert not any(r.holds(hr, other) for r in relations.ALL)
    assert (
        not Employee.objects.filter(relations.IN_ORGANISATION.q(hr, ""))
        .filter(pk=other.pk)
        .exists()
    )


@pytest.mark.django_db
def test_led_now_follows_a_team_change(demo):
    kees = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    sanne = actor_for(Employee.objects.get(organisation=demo, personnel_number="D-manager"))
    assert relations.LED_NOW.holds(sanne, kees)
    kees.team = Team.objects.get(organisation=demo, name="Verpakken")
    kees.save()
    assert not relations.LED_NOW.holds(sanne, kees)
    assert not Employee.objects.filter(relations.LED_NOW.q(sanne, "")).filter(pk=kees.pk).exists()


def test_a_manager_never_leads_themselves():
    me = Actor(employee_id=1, organisation_id=1, team_id=5, led_team_ids=frozenset({5}))

    class Person:
        pk, team_id, organisation_id = 1, 5, 1

    assert not relations.LED_NOW.holds(me, Person())
    assert relations.OWN.holds(me, Person())


def test_signed_out_and_system_actors_hold_no_relation():
    class Person:
        pk, team_id, organisation_id = 1, 5, 1

    for actor in (Actor(), Actor.for_system(1)):
        assert not any(r.holds(actor, Person()) for r in relations.ALL)
        assert relations.FILE_READERS.q(actor) == relations.NOTHING


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_the_request_actor_leads_the_same_teams_as_the_plain_one(seed):
    """The sign-in's actor reads the teams led in the same query as the person (an id list
    per database); it must give what a plain query of the teams gives, also for a manager
    of several teams and for nobody's manager."""
    _generated(seed)
    people = list(Employee.objects.filter(organisation__slug=f"gen-{seed}"))
    for team in Team.objects.filter(organisation__slug=f"gen-{seed}")[:2]:
        team.managers.add(people[0])
    compared = 0
    for person in people:
        if person.user_id is None:
            person.user = User.objects.create_user(username=f"u{person.pk}")
            person.save(update_fields=["user"])
        plain = actor_for(Employee.objects.get(pk=person.pk))
        assert actor_for_user(person.user).led_team_ids == plain.led_team_ids, person
        compared += bool(plain.led_team_ids)
    assert compared and len(actor_for_user(people[0].user).led_team_ids) >= 2
