"""Employee export: the people list's columns and filters, as CSV and XLSX."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from koers.organisations.actions import people
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, EmployeeImport

pytestmark = pytest.mark.django_db

BASE_HEADER = [
    "personeelsnummer",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "voorletters",
    "e-mailadres",
    "afdeling",
    "team",
    "functie",
    "uren per week",
    "in dienst sinds",
    "uit dienst per",
    "soort contract",
    "opleidingsniveau",
]


def read_csv(response) -> list[dict[str, str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to see UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def demo_person(number: str) -> Employee:
    return Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number=number)


def test_csv_export_has_the_import_columns_and_dutch_values(login_as, demo):
    kees = demo_person("D-medewerker")
    kees.hours_per_week = Decimal("32.5")
    kees.in_service_since = datetime.date(2019, 4, 1)
    kees.save()
    response = login_as("hr").get(reverse("people-export-csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    # Demo Werkbedrijf keeps the address, so its columns come along.
    assert list(rows[0]) == [*BASE_HEADER, "straat en huisnummer", "postcode", "plaats"]
    assert len(rows) == Employee.objects.filter(organisation=demo).count()
    row = next(r for r in rows if r["personeelsnummer"] == "D-medewerker")
    assert row["uren per week"] == "32,5"
    assert row["in dienst sinds"] == "01-04-2019"
    assert (row["afdeling"], row["team"]) == ("Productie", "Assemblage")
    assert row["soort contract"] in {"vast", "tijdelijk", "uitzend", "detachering"}


def test_export_of_organisation_without_personal_fields_leaves_them_out(login_as, demo):
    rows = read_csv(login_as("hr2").get(reverse("people-export-csv")))
    assert list(rows[0]) == BASE_HEADER
    assert {r["personeelsnummer"] for r in rows} >= {"D-hr2", "T005"}
    assert "D-medewerker" not in {r["personeelsnummer"] for r in rows}


def test_export_keeps_the_people_list_filters(login_as, demo):
    client = login_as("hr")
    team = demo.teams.get(name="Verpakken")
    rows = read_csv(client.get(reverse("people-export-csv"), {"team": team.pk}))
    assert len(rows) == 25 and {r["team"] for r in rows} == {"Verpakken"}
    assert [r["personeelsnummer"] for r in read_csv(
        client.get(reverse("people-export-csv"), {"q": "D-collega"})
    )] == ["D-collega"]  # fmt: skip

    people.mark_left_service(
        actor_for(demo_person("D-hr")), demo_person("D-collega"), datetime.date(2020, 1, 1)
    )
    active = {r["personeelsnummer"] for r in read_csv(client.get(reverse("people-export-csv")))}
    everyone = read_csv(client.get(reverse("people-export-csv"), {"status": "all"}))
    assert "D-collega" not in active
    left = next(r for r in everyone if r["personeelsnummer"] == "D-collega")
    assert left["uit dienst per"] == "01-01-2020"


def test_people_list_links_to_import_and_filtered_exports(login_as, demo):
    team = demo.teams.get(name="Verpakken")
    text = login_as("hr").get(reverse("people-list"), {"team": team.pk}).content.decode()
    assert f'href="{reverse("people-import")}"' in text
    assert f'href="{reverse("people-export-csv")}?team={team.pk}"' in text
    assert f'href="{reverse("people-export-xlsx")}?team={team.pk}"' in text


def test_xlsx_export_has_real_dates_and_numbers(login_as, demo):
    kees = demo_person("D-medewerker")
    kees.hours_per_week = Decimal("32.5")
    kees.in_service_since = datetime.date(2019, 4, 1)
    kees.save()
    team = demo.teams.get(name="Assemblage")
    response = login_as("admin").get(reverse("people-export-xlsx"), {"team": team.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = read_xlsx(response)
    assert list(header[:14]) == BASE_HEADER
    assert len(rows) == 12
    row = dict(zip(header, next(r for r in rows if r[0] == "D-medewerker"), strict=True))
    assert row["in dienst sinds"] == datetime.datetime(2019, 4, 1)
    assert row["uren per week"] == 32.5
    assert row["team"] == "Assemblage"


def test_cells_that_look_like_formulas_are_neutralised(login_as, demo):
    kees = demo_person("D-medewerker")
    kees.function = '=HYPERLINK("http://evil.example","klik")'
    kees.first_name = "@Kees"
    kees.last_name = "-Bakker"
    kees.initials = "+K"
    kees.save()
    client = login_as("hr")
    row = next(
        r
        for r in read_csv(client.get(reverse("people-export-csv")))
        if r["personeelsnummer"] == "D-medewerker"
    )
    assert row["functie"] == "'" + kees.function
    assert (row["voornaam"], row["achternaam"], row["voorletters"]) == ("'@Kees", "'-Bakker", "'+K")
    workbook = load_workbook(io.BytesIO(client.get(reverse("people-export-xlsx")).content))
    sheet = workbook.worksheets[0]
    cell = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "D-medewerker")[8]
    assert cell.data_type == "s" and cell.value == "'" + kees.function


def test_template_download_has_headers_only(login_as, demo):
    response = login_as("hr").get(reverse("people-export-csv"), {"template": "1"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 and lines[0].startswith("personeelsnummer;voornaam;")
    header, *rows = read_xlsx(login_as("hr").get(reverse("people-export-xlsx"), {"template": "1"}))
    assert header[0] == "personeelsnummer" and rows == []


def test_employee_gets_no_export(login_as, demo):
    for name in ("people-export-csv", "people-export-xlsx"):
        assert login_as("medewerker").get(reverse(name)).status_code == 403
        assert login_as("manager").get(reverse(name)).status_code == 403


@pytest.mark.parametrize(("url_name", "filename"), [
    ("people-export-csv", "export.csv"),
    ("people-export-xlsx", "export.xlsx"),
])  # fmt: skip
def test_export_reimports_with_no_errors_and_no_changes(login_as, demo, url_name, filename):
    # Awkward values must survive the round trip too.
    kees = demo_person("D-medewerker")
    kees.function = "=1+1"
    kees.hours_per_week = Decimal("32.5")
    kees.left_service_on = datetime.date(2099, 12, 31)
    kees.save()
    no_team = demo_person("D-collega")
    no_team.team = None
    no_team.hours_per_week = None
    no_team.save()
    # The demo data has addresses such as zoë.bouzid@…, which Django's EmailValidator (and so
    # the person form and the import) refuses; make them valid first.
    for person in Employee.objects.filter(organisation=demo).exclude(email=""):
        if not person.email.isascii():
            person.email = f"p{person.pk}@demo.koers.test"
            person.save(update_fields=["email"])
    client = login_as("hr")
    exported = client.get(reverse(url_name), {"status": "all"}).content
    response = client.post(
        reverse("people-import"), {"file": SimpleUploadedFile(filename, exported)}
    )
    assert response.status_code == 302
    employee_import = EmployeeImport.objects.get()
    total = Employee.objects.filter(organisation=demo).count()
    assert (employee_import.error_count, employee_import.created_count) == (0, 0)
    assert employee_import.updated_count == 0, [
        row for row in employee_import.report if row["action"] != "unchanged"
    ][:3]
    assert employee_import.unchanged_count == total
