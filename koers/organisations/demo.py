"""The demo organisations: "Demo Werkbedrijf" (about 120 people) and "Tweede Organisatie".

Deterministic (a fixed random seed), idempotent (an organisation that exists is left alone;
the demo logins get the demo password again), and quick enough for tests to use.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from koers.organisations.models import (
    ContractType,
    Department,
    EducationLevel,
    Employee,
    Organisation,
    Team,
)

# The login model (accounts sits above organisations: no import of it here).
User = get_user_model()

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


def _set_logins(password: str, employees: dict[str, Employee]) -> None:
    hashed = make_password(password)
    for username, employee in employees.items():
        person = NAMED[username]
        user, _created = User.objects.get_or_create(username=username)
        user.first_name = person.first_name
        user.last_name = " ".join(p for p in (person.name_prefix, person.last_name) if p)
        user.email = person.email
        user.password = hashed
        user.is_active = True
        if username == "admin":
            user.is_staff = user.is_superuser = True
        user.save()
        if employee.user_id != user.pk:
            employee.user = user
            employee.save(update_fields=["user"])


@transaction.atomic
def build_demo(password: str = "koers-demo") -> Organisation:
    """Create both demo organisations if missing; (re)set the demo logins' password."""
    demo = Organisation.objects.filter(slug=DEMO_SLUG).first() or _build_werkbedrijf()
    second = Organisation.objects.filter(slug=SECOND_SLUG).first() or _build_second()
    named = {
        e.personnel_number.removeprefix("D-"): e
        for e in Employee.objects.filter(
            organisation__in=[demo, second], personnel_number__in=[f"D-{k}" for k in DEMO_LOGINS]
        )
    }
    _set_logins(password, named)
    return demo


def _build_werkbedrijf() -> Organisation:
    rng = random.Random(20261125)
    org = Organisation.objects.create(name="Demo Werkbedrijf", slug=DEMO_SLUG, keeps_address=True)
    teams: dict[str, Team] = {}
    for department_name, team_specs in DEMO_STRUCTURE.items():
        department = Department.objects.create(organisation=org, name=department_name)
        for team_name, _size, _functions in team_specs:
            teams[team_name] = Team.objects.create(
                organisation=org, department=department, name=team_name
            )

    rows: list[Employee] = []
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
        values |= {"is_hr": key == "hr", "is_org_admin": key == "admin"}
        rows.append(
            Employee(organisation=org, team=teams[team_name], personnel_number=f"D-{key}", **values)
        )
    placed = {name: list(named_placement.values()).count(name) for name in teams}
    for team_specs in DEMO_STRUCTURE.values():
        for team_name, size, functions in team_specs:
            for _ in range(size - placed[team_name]):
                number += 1
                rows.append(
                    Employee(
                        organisation=org,
                        team=teams[team_name],
                        personnel_number=str(number),
                        **_person_values(rng, rng.choice(functions), keeps_address=True),
                    )
                )
    Employee.objects.bulk_create(rows)

    # One team leader per team; the demo manager leads Assemblage (12 people).
    by_number = {e.personnel_number: e for e in Employee.objects.filter(organisation=org)}
    teams["Assemblage"].managers.add(by_number["D-manager"])
    staff = [
        e
        for e in by_number.values()
        if e.team_id == teams["Staf"].pk and not e.personnel_number.startswith("D-")
    ]
    for leader, team_name in zip(
        staff,
        ["Verpakken", "Groenonderhoud", "Schoonmaak", "Kantine en Receptie", "Staf"],
        strict=False,
    ):
        leader.function = "Teamleider"
        leader.save(update_fields=["function"])
        teams[team_name].managers.add(leader)
    return org


def _build_second() -> Organisation:
    rng = random.Random(2)
    org = Organisation.objects.create(name="Tweede Organisatie", slug=SECOND_SLUG)
    department = Department.objects.create(organisation=org, name="Logistiek")
    team_a = Team.objects.create(organisation=org, department=department, name="Magazijn")
    team_b = Team.objects.create(organisation=org, department=department, name="Transport")
    rows = [
        Employee(
            organisation=org,
            team=team_a,
            personnel_number="D-hr2",
            is_hr=True,
            **(_person_values(rng, "", keeps_address=False) | _named_values(NAMED["hr2"])),
        )
    ]
    for index in range(19):
        team = team_a if index % 2 else team_b
        rows.append(
            Employee(
                organisation=org,
                team=team,
                personnel_number=f"T{index + 1:03d}",
                **_person_values(rng, rng.choice(["Magazijnmedewerker", "Chauffeur"]), False),
            )
        )
    Employee.objects.bulk_create(rows)
    team_a.managers.add(Employee.objects.get(organisation=org, personnel_number="T001"))
    team_b.managers.add(Employee.objects.get(organisation=org, personnel_number="T002"))
    return org
