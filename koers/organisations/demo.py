"""The demo organisations: "Demo Werkbedrijf" (about 120 people) and "Tweede Organisatie",
built through the organisations' actions like any other set-up.

Deterministic (a fixed random seed), idempotent (an organisation that exists is left alone;
the demo logins get the demo password again), and quick enough for tests to use.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from koers.access.actor import Actor
from koers.organisations.actions import logins, people, structure
from koers.organisations.models import (
    ContractType,
    EducationLevel,
    Employee,
    Organisation,
    Team,
)

# The platform: founds the demo organisations (a command run by the operator).
PLATFORM = Actor(system=True)

DEMO_SLUG = "demo-werkbedrijf"
SECOND_SLUG = "tweede-organisatie"
DEMO_LOGINS = ("admin", "hr", "manager", "medewerker", "collega", "hr2")

FIRST_NAMES = [
    "Anouk",
    "Bas",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gerrit",
    "Hanneke",
    "Ibrahim",
    "Jolanda",
    "Kevin",
    "Lotte",
    "Mohamed",
    "Noor",
    "Orlando",
    "Petra",
    "Quinten",
    "Rianne",
    "Sem",
    "Tamara",
    "Uğur",
    "Vera",
    "Wim",
    "Yasmina",
    "Zeynep",
    "Arjen",
    "Bianca",
    "Cor",
    "Dewi",
    "Erik",
    "Fatma",
    "Gijs",
    "Henk",
    "Ilse",
    "Jeroen",
    "Kim",
    "Laura",
    "Marco",
    "Nadia",
    "Otto",
    "Priya",
    "Ruud",
    "Sandra",
    "Thijs",
    "Ingrid",
    "Vincent",
    "Wendy",
    "Youssef",
    "Zoë",
    "Marieke",
    "Dennis",
    "Saskia",
    "Rachid",
    "Els",
    "Jan",
    "Mirjam",
    "Stefan",
    "Naima",
    "Koen",
    "Tineke",
]
LAST_NAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("", "Yılmaz"),
    ("el", "Amrani"),
    ("", "Kaya"),
    ("", "Bouzid"),
    ("", "Öztürk"),
    ("", "Hoekstra"),
    ("", "Koster"),
    ("", "Prins"),
    ("", "Huisman"),
    ("van", "Dam"),
]
STREETS = ["Dorpsstraat", "Kerkstraat", "Molenweg", "Julianalaan", "Stationsweg", "Beukenlaan"]
CITIES = [("6511", "Nijmegen"), ("6821", "Arnhem"), ("4001", "Tiel"), ("6651", "Druten")]
EDUCATION_WEIGHTS = [
    (EducationLevel.NONE, 8),
    (EducationLevel.PRIMARY, 10),
    (EducationLevel.PRACTICAL, 14),
    (EducationLevel.VMBO, 22),
    (EducationLevel.MBO1, 14),
    (EducationLevel.MBO2, 14),
    (EducationLevel.MBO3, 8),
    (EducationLevel.MBO4, 6),
    (EducationLevel.HAVO, 2),
    (EducationLevel.HBO, 2),
]
CONTRACT_WEIGHTS = [
    (ContractType.PERMANENT, 70),
    (ContractType.FIXED_TERM, 18),
    (ContractType.AGENCY, 6),
    (ContractType.SECONDMENT, 6),
]

# Department -> [(team, size, functions)]; sizes add up to 120 with the staff team.
DEMO_STRUCTURE = {
    "Productie": [
        ("Assemblage", 12, ["Medewerker assemblage", "Productiemedewerker"]),
        ("Verpakken", 25, ["Medewerker verpakken", "Orderpicker", "Heftruckchauffeur"]),
    ],
    "Groen en Facilitair": [
        ("Groenonderhoud", 24, ["Medewerker groen", "Hovenier", "Voorman groen"]),
        ("Schoonmaak", 24, ["Schoonmaker", "Medewerker schoonmaak"]),
    ],
    "Dienstverlening": [
        ("Kantine en Receptie", 20, ["Medewerker kantine", "Receptionist", "Medewerker post"]),
        ("Staf", 15, ["Teamleider", "Jobcoach", "Administratief medewerker"]),
    ],
}


@dataclass
class Person:
    """A named demo person with a login (see DEMO_LOGINS)."""

    username: str
    first_name: str
    name_prefix: str
    last_name: str
    function: str
    email: str


NAMED = {
    "admin": Person(
        "admin", "Marloes", "", "Verbeek", "Functioneel beheerder", "admin@demo.koers.test"
    ),
    "hr": Person("hr", "Fatima", "el", "Amrani", "HR-adviseur", "hr@demo.koers.test"),
    "manager": Person(
        "manager", "Sanne", "de", "Vries", "Teamleider assemblage", "manager@demo.koers.test"
    ),
    "medewerker": Person(
        "medewerker", "Kees", "", "Bakker", "Medewerker assemblage", "medewerker@demo.koers.test"
    ),
    "collega": Person(
        "collega", "Dewi", "", "Hendriks", "Medewerker verpakken", "collega@demo.koers.test"
    ),
    "hr2": Person("hr2", "Thomas", "", "Kramer", "P&O-adviseur", "hr2@tweede.koers.test"),
}


def _ascii(name: str) -> str:
    """'Zoë' → 'zoe', 'Yılmaz' → 'yilmaz': e-mail local parts Django's validator accepts."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ı", "i").lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def _initials(first_name: str) -> str:
    return f"{first_name[0]}."


def _person_values(rng: random.Random, function: str, keeps_address: bool) -> dict:
    first = rng.choice(FIRST_NAMES)
    prefix, last = rng.choice(LAST_NAMES)
    values = {
        "first_name": first,
        "name_prefix": prefix,
        "last_name": last,
        "initials": _initials(first),
        "function": function,
        "hours_per_week": Decimal(rng.choice([16, 20, 24, 28, 32, 32, 36, 36, 36, 38])),
        "in_service_since": datetime.date(rng.randint(1994, 2025), rng.randint(1, 12), 1),
        "contract_type": rng.choices(*zip(*CONTRACT_WEIGHTS, strict=True))[0],
        "education_level": rng.choices(*zip(*EDUCATION_WEIGHTS, strict=True))[0],
        # About one in four has no e-mail address and is invited by letter.
        "email": "" if rng.random() < 0.25 else f"{_ascii(first)}.{_ascii(last)}@demo.koers.test",
    }
    if keeps_address:
        postcode, city = rng.choice(CITIES)
        values |= {
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            "postcode": f"{postcode} {rng.choice('BCDGHJKLMNPRST')}{rng.choice('ABDEGHJKLNR')}",
            "city": city,
        }
    return values


def _named_values(person: Person) -> dict:
    return {
        "first_name": person.first_name,
        "name_prefix": person.name_prefix,
        "last_name": person.last_name,
        "initials": _initials(person.first_name),
        "function": person.function,
        "email": person.email,
    }


@transaction.atomic
def build_demo(password: str = "koers-demo") -> Organisation:
    """Create both demo organisations if missing; (re)set the demo logins' password.

    Everything goes through the actions: the platform founds the organisations, and each
    organisation's system actor (``Actor.for_system``) sets it up, as no person exists yet."""
    demo = Organisation.objects.filter(slug=DEMO_SLUG).first() or _build_werkbedrijf()
    second = Organisation.objects.filter(slug=SECOND_SLUG).first() or _build_second()
    named = {
        e.personnel_number.removeprefix("D-"): e
        for e in Employee.objects.filter(
            organisation__in=[demo, second], personnel_number__in=[f"D-{k}" for k in DEMO_LOGINS]
        )
    }
    hashed = make_password(password)
    for organisation in (demo, second):
        logins.set_up_logins(
            Actor.for_system(organisation.pk),
            {k: e for k, e in named.items() if e.organisation_id == organisation.pk},
            hashed,
            superusers=frozenset({"admin"}),
        )
    return demo


def _build_werkbedrijf() -> Organisation:
    rng = random.Random(20261125)
    org = people.found_organisation(
        PLATFORM, name="Demo Werkbedrijf", slug=DEMO_SLUG, keeps_address=True
    )
    actor = Actor.for_system(org.pk)
    # The README's demo logins work with the password alone; README says how to switch it on.
    people.require_second_factor(actor, org, required=False)
    teams: dict[str, Team] = {}
    for department_name, team_specs in DEMO_STRUCTURE.items():
        department = structure.add_department(actor, org, department_name)
        for team_name, _size, _functions in team_specs:
            teams[team_name] = structure.add_team(actor, org, department=department, name=team_name)

    rows: list[dict[str, Any]] = []
    number = 1000
    # Named people first, so that their team sizes are part of the totals below.
    named_placement = {
        "admin": "Staf",
        "hr": "Staf",
        "manager": "Staf",
        "medewerker": "Assemblage",
        "collega": "Verpakken",
    }
    for key, team_name in named_placement.items():
        values = _person_values(rng, "", keeps_address=True) | _named_values(NAMED[key])
        rows.append({"team": teams[team_name], "personnel_number": f"D-{key}", **values})
    placed = {name: list(named_placement.values()).count(name) for name in teams}
    for team_specs in DEMO_STRUCTURE.values():
        for team_name, size, functions in team_specs:
            for _ in range(size - placed[team_name]):
                number += 1
                rows.append(
                    {
                        "team": teams[team_name],
                        "personnel_number": str(number),
                        **_person_values(rng, rng.choice(functions), keeps_address=True),
                    }
                )
    # One team leader per team: the demo manager leads Assemblage (12 people); the first
    # staff members by name lead the others.
    staff = sorted(
        (
            (row["last_name"], row["first_name"], index)
            for index, row in enumerate(rows)
            if row["team"] is teams["Staf"] and not row["personnel_number"].startswith("D-")
        ),
    )
    led = ["Verpakken", "Groenonderhoud", "Schoonmaak", "Kantine en Receptie", "Staf"]
    leaders = {}
    for (_last, _first, index), team_name in zip(staff, led, strict=False):
        rows[index]["function"] = "Teamleider"
        leaders[team_name] = rows[index]["personnel_number"]
    by_number = {e.personnel_number: e for e in people.add_people(actor, org, rows)}
    logins.set_roles(actor, by_number["D-hr"], is_hr=True, is_org_admin=False)
    logins.set_roles(actor, by_number["D-admin"], is_hr=False, is_org_admin=True)
    structure.set_team_managers(actor, teams["Assemblage"], [by_number["D-manager"]])
    for team_name, leader in leaders.items():
        structure.set_team_managers(actor, teams[team_name], [by_number[leader]])
    return org


def _build_second() -> Organisation:
    rng = random.Random(2)
    org = people.found_organisation(PLATFORM, name="Tweede Organisatie", slug=SECOND_SLUG)
    actor = Actor.for_system(org.pk)
    people.require_second_factor(actor, org, required=False)
    department = structure.add_department(actor, org, "Logistiek")
    team_a = structure.add_team(actor, org, department=department, name="Magazijn")
    team_b = structure.add_team(actor, org, department=department, name="Transport")
    rows = [
        {
            "team": team_a,
            "personnel_number": "D-hr2",
            **(_person_values(rng, "", keeps_address=False) | _named_values(NAMED["hr2"])),
        }
    ]
    for index in range(19):
        rows.append(
            {
                "team": team_a if index % 2 else team_b,
                "personnel_number": f"T{index + 1:03d}",
                **_person_values(rng, rng.choice(["Magazijnmedewerker", "Chauffeur"]), False),
            }
        )
    by_number = {e.personnel_number: e for e in people.add_people(actor, org, rows)}
    logins.set_roles(actor, by_number["D-hr2"], is_hr=True, is_org_admin=False)
    structure.set_team_managers(actor, team_a, [by_number["T001"]])
    structure.set_team_managers(actor, team_b, [by_number["T002"]])
    return org
