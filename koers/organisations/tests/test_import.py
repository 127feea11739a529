"""Employee import: upload → dry-run report → confirm, all rows or none."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from koers.lib.errors import Refused
from koers.organisations import importing
from koers.organisations.actions import people, transfers
from koers.organisations.actors import actor_for
from koers.organisations.models import (
    Department,
    Employee,
    EmployeeImport,
    Organisation,
    Team,
)

pytestmark = pytest.mark.django_db


def as_hr():
    return actor_for(
        Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number="D-hr")
    )


def as_admin():
    return actor_for(
        Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number="D-admin")
    )


HEADER = [
    "personeelsnummer",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "e-mailadres",
    "afdeling",
    "team",
    "functie",
    "uren per week",
    "in dienst sinds",
    "soort contract",
    "opleidingsniveau",
]
GOOD_ROWS = [
    ["N-1", "Ayla", "", "Demir", "ayla@example.nl", "Productie", "Assemblage", "Monteur", "32,5",
     "01-09-2024", "vast", "MBO 2"],
    ["N-2", "Bram", "van", "Dijk", "", "productie", " verpakken ", "Inpakker", "24",
     "2023-03-15", "Tijdelijk", "vmbo"],
    ["N-3", "Chris", "", "Eelens", "", "", "", "", "", "1-2-2020", "", ""],
]  # fmt: skip


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ";") -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def xlsx_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "medewerkers.csv"):
    return client.post(reverse("people-import"), {"file": SimpleUploadedFile(name, content)})


def upload_ok(client, content: bytes, name: str = "medewerkers.csv") -> EmployeeImport:
    response = upload(client, content, name)
    assert response.status_code == 302, response.context["form"].errors
    return EmployeeImport.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def demo_person(number: str) -> Employee:
    return Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number=number)


def test_hr_imports_semicolon_csv_after_dry_run(login_as, demo):
    client = login_as("hr")
    employee_import = upload_ok(client, csv_bytes(GOOD_ROWS))
    assert employee_import.status == EmployeeImport.Status.CHECKED
    assert (employee_import.created_count, employee_import.error_count) == (3, 0)
    assert not Employee.objects.filter(personnel_number__startswith="N-").exists()

    report = client.get(reverse("people-import-report", args=[employee_import.pk]))
    text = report.content.decode()
    assert "Importeren bevestigen" in text and "Demir, Ayla" in text

    response = client.post(reverse("people-import-apply", args=[employee_import.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("people-list")
    ayla, bram, chris = (demo_person(n) for n in ("N-1", "N-2", "N-3"))
    assert ayla.team == demo.teams.get(name="Assemblage")
    assert ayla.hours_per_week == Decimal("32.5")
    assert ayla.in_service_since == datetime.date(2024, 9, 1)
    assert (ayla.contract_type, ayla.education_level) == ("permanent", "mbo2")
    assert bram.team == demo.teams.get(name="Verpakken") and bram.name_prefix == "van"
    assert bram.in_service_since == datetime.date(2023, 3, 15)
    assert chris.team is None and chris.in_service_since == datetime.date(2020, 2, 1)
    employee_import.refresh_from_db()
    assert employee_import.status == EmployeeImport.Status.APPLIED
    assert employee_import.rows == []  # the cells are not kept once applied


def test_comma_separated_cp1252_csv_imports(login_as, demo):
    client = login_as("admin")
    header = ["Personeelsnummer ", "VOORNAAM", "  Achternaam", "functie"]
    content = "\r\n".join(
        [",".join(header), "N-10,Zoë,Müller,Café-medewerker", 'N-11,"Piet, jr.",Jansen,']
    ).encode("cp1252")
    employee_import = upload_ok(client, content)
    transfers.apply_import(as_hr(), employee_import)
    assert demo_person("N-10").first_name == "Zoë"
    assert demo_person("N-10").function == "Café-medewerker"
    assert demo_person("N-11").first_name == "Piet, jr."


def test_xlsx_import_with_real_dates_and_numbers(login_as, demo):
    client = login_as("hr")
    content = xlsx_bytes(
        [
            [2001, "Ayla", None, "Demir", None, "Productie", "Assemblage", "Monteur", 32.5,
             datetime.datetime(2024, 9, 1), "vast", "hbo"],
            ["N-21", "Bram", None, "Dijk", None, None, None, None, 36, "15-03-2023", None, None],
        ]
    )  # fmt: skip
    employee_import = upload_ok(client, content, "medewerkers.xlsx")
    assert employee_import.error_count == 0, employee_import.report
    transfers.apply_import(as_hr(), employee_import)
    ayla = demo_person("2001")
    assert ayla.hours_per_week == Decimal("32.5")
    assert ayla.in_service_since == datetime.date(2024, 9, 1)
    assert ayla.education_level == "hbo"
    assert demo_person("N-21").hours_per_week == Decimal("36")


def test_one_bad_row_writes_nothing_and_names_row_and_column(login_as, demo):
    client = login_as("hr")
    rows = [*GOOD_ROWS]
    rows.insert(1, ["N-4", "Dana", "", "Faber", "", "", "", "", "", "31-02-2020", "", ""])
    employee_import = upload_ok(client, csv_bytes(rows))
    assert employee_import.status == EmployeeImport.Status.FAILED
    assert employee_import.error_count == 1
    expected = (
        "Rij 3, kolom 'in dienst sinds': '31-02-2020' is geen geldige datum. Gebruik dd-mm-jjjj."
    )
    report = client.get(reverse("people-import-report", args=[employee_import.pk]))
    text = report.content.decode()
    assert expected in text.replace("&#x27;", "'")
    assert "Importeren bevestigen" not in text

    response = client.post(reverse("people-import-apply", args=[employee_import.pk]))
    assert response.status_code == 302
    assert not Employee.objects.filter(personnel_number__startswith="N-").exists()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("e-mailadres", "geen-mail", "'geen-mail' is geen geldig e-mailadres."),
        ("uren per week", "61", "'61' is geen geldig aantal uren"),
        ("uren per week", "32,25", "'32,25' is geen geldig aantal uren"),
        ("soort contract", "vastig", "'vastig' is geen geldige waarde. Kies uit: vast, tijdelijk"),
        ("voornaam", "", "kolom 'voornaam': deze kolom is verplicht en is leeg."),
        ("team", "Kantine", "Team 'Kantine' bestaat niet in afdeling 'Productie'."),
        ("afdeling", "", "kolom 'afdeling': vul de afdeling van team 'Assemblage' in."),
    ],
)
def test_row_errors_are_plain_dutch(demo, column, value, message):
    row = dict(zip(HEADER, GOOD_ROWS[0], strict=True)) | {column: value}
    sheet = importing.read_file("x.csv", csv_bytes([list(row.values())]))
    columns = importing.match_columns(sheet.headers, demo)
    check = importing.check_import(
        demo, [c.field for c in columns if c], importing.sheet_rows(sheet, columns)
    )
    [result] = check.results
    assert result.action == importing.Action.ERROR
    assert any(message in text and text.startswith("Rij 2") for text in result.messages), (
        result.messages
    )


def test_existing_personnel_number_is_updated(login_as, demo):
    client = login_as("hr")
    kees = demo_person("D-medewerker")
    header = ["personeelsnummer", "voornaam", "achternaam", "functie", "afdeling", "team"]
    rows = [
        ["D-medewerker", "Kees", "Bakker", "Voorman", "Productie", "Verpakken"],
        ["N-30", "Nieuw", "Mens", "", "", ""],
    ]
    employee_import = upload_ok(client, csv_bytes(rows, header))
    assert (employee_import.created_count, employee_import.updated_count) == (1, 1)
    update = next(row for row in employee_import.report if row["number"] == "D-medewerker")
    assert update["action"] == "update" and update["changes"] == ["functie", "team"]
    text = client.get(reverse("people-import-report", args=[employee_import.pk])).content
    assert "bijwerken: functie, team" in text.decode()

    transfers.apply_import(as_hr(), employee_import)
    kees.refresh_from_db()
    assert kees.function == "Voorman" and kees.team.name == "Verpakken"
    assert kees.email == "medewerker@demo.koers.test"  # a column not in the file is left alone
    assert Employee.objects.filter(organisation=demo, personnel_number="D-medewerker").count() == 1


def test_duplicate_number_in_file_is_an_error_on_the_second_row(login_as, demo):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], [*GOOD_ROWS[2][:0], "N-1", *GOOD_ROWS[2][1:]]]
    employee_import = upload_ok(login_as("hr"), csv_bytes(rows))
    errors = [row for row in employee_import.report if row["action"] == "error"]
    assert [row["row"] for row in errors] == [4]
    assert "'N-1' staat ook al in rij 2." in errors[0]["messages"][0]


def test_personal_column_the_organisation_does_not_keep_is_refused(login_as, demo):
    second = Organisation.objects.get(slug="tweede-organisatie")
    assert not second.keeps_address
    header = ["personeelsnummer", "voornaam", "achternaam", "straat en huisnummer"]
    response = upload(login_as("hr2"), csv_bytes([["X-1", "A", "B", "Geheim 1"]], header))
    assert response.status_code == 200
    text = response.content.decode().replace("&#x27;", "'")
    assert "Kolom 'straat en huisnummer': uw organisatie bewaart dit persoonsgegeven niet" in text
    assert not EmployeeImport.objects.exists()
    assert not Employee.objects.filter(personnel_number="X-1").exists()


def test_personal_column_switched_off_before_confirm_writes_nothing(login_as, demo):
    header = ["personeelsnummer", "voornaam", "achternaam", "plaats"]
    employee_import = upload_ok(login_as("admin"), csv_bytes([["N-40", "A", "B", "Tiel"]], header))
    assert employee_import.can_apply
    people.change_settings(as_admin(), demo, keeps_address=False)
    result = transfers.apply_import(as_hr(), employee_import)
    assert result.status == EmployeeImport.Status.FAILED
    assert "Kolom 'plaats'" in result.file_errors[0]
    assert not Employee.objects.filter(personnel_number="N-40").exists()


def test_file_level_errors_name_the_problem(login_as, demo, settings):
    client = login_as("hr")

    def errors_for(content: bytes, name: str = "medewerkers.csv") -> str:
        response = upload(client, content, name)
        assert response.status_code == 200
        return response.content.decode().replace("&#x27;", "'")

    header = ["personeelsnummer", "voornaam", "achternaam", "lievelingskleur"]
    unknown = errors_for(csv_bytes([["1", "A", "B", "x"]], header))
    assert "Kolom 'lievelingskleur' is onbekend." in unknown
    assert "De kolom 'achternaam' ontbreekt." in errors_for(b"personeelsnummer;voornaam\n1;A\n")
    assert "geen rijen onder de kolomkoppen" in errors_for(csv_bytes([]))
    assert "oud Excel-bestand (.xls)" in errors_for(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "a.xls")
    assert "Kies een CSV-bestand" in errors_for(b"%PDF-1.4 ...", "brief.pdf")
    assert "kan niet worden gelezen" in errors_for(b"PK\x03\x04 kapot", "a.xlsx")
    assert "kan niet worden gelezen" in errors_for(csv_bytes(GOOD_ROWS), "eigenlijk-csv.xlsx")
    assert "Het verstuurde bestand is leeg." in errors_for(b"")
    only_team = csv_bytes([["1", "A", "B", "Verpakken"]], [*HEADER[:2], HEADER[3], "team"])
    assert "De kolommen 'afdeling' en 'team' horen bij elkaar" in errors_for(only_team)
    stray = xlsx_bytes([["1", "A", None, "B", *[None] * 8, None, "verdwaald"]])
    assert "Rij 2 heeft een waarde in kolom 14, maar die kolom heeft geen kop." in errors_for(
        stray, "a.xlsx"
    )
    settings.KOERS_IMPORT_MAX_BYTES = 10
    assert "Het bestand is te groot" in errors_for(csv_bytes(GOOD_ROWS))
    assert not EmployeeImport.objects.exists()


def test_unknown_team_is_a_row_error(login_as, demo):
    rows = [["N-50", "A", "", "B", "", "Productie", "Lasserij", "", "", "", "", ""]]
    employee_import = upload_ok(login_as("hr"), csv_bytes(rows))
    [row] = employee_import.report
    assert row["messages"] == [
        "Rij 2, kolom 'team': Team 'Lasserij' bestaat niet in afdeling 'Productie'."
    ]


def test_team_removed_before_confirm_writes_nothing(login_as, demo):
    department = Department.objects.get(organisation=demo, name="Productie")
    Team.objects.create(organisation=demo, department=department, name="Lasserij")
    rows = [
        ["N-60", "A", "", "B", "", "Productie", "Lasserij", "", "", "", "", ""],
        ["N-61", "C", "", "D", "", "", "", "", "", "", "", ""],
    ]
    employee_import = upload_ok(login_as("hr"), csv_bytes(rows))
    assert employee_import.can_apply
    Team.objects.filter(name="Lasserij").delete()
    result = transfers.apply_import(as_hr(), employee_import)
    assert result.status == EmployeeImport.Status.FAILED and result.error_count == 1
    assert not Employee.objects.filter(personnel_number__in=["N-60", "N-61"]).exists()


def test_import_can_be_applied_only_once(login_as, demo):
    client = login_as("hr")
    employee_import = upload_ok(client, csv_bytes(GOOD_ROWS))
    client.post(reverse("people-import-apply", args=[employee_import.pk]))
    Employee.objects.filter(personnel_number="N-1").update(function="Veranderd")
    response = client.post(reverse("people-import-apply", args=[employee_import.pk]), follow=True)
    assert "Deze import is al uitgevoerd." in response.content.decode()
    assert demo_person("N-1").function == "Veranderd"
    with pytest.raises(Refused):
        transfers.apply_import(as_hr(), employee_import)


def test_hr_of_other_organisation_gets_404_and_employee_403(login_as, demo):
    employee_import = upload_ok(login_as("hr"), csv_bytes(GOOD_ROWS))
    for name in ("people-import-report", "people-import-apply"):
        url = reverse(name, args=[employee_import.pk])
        assert login_as("hr2").post(url).status_code == 404
        assert login_as("medewerker").post(url).status_code == 403
    report_url = reverse("people-import-report", args=[employee_import.pk])
    assert login_as("hr2").get(report_url).status_code == 404
    assert login_as("medewerker").get(reverse("people-import")).status_code == 403
    employee_import.refresh_from_db()
    assert employee_import.status == EmployeeImport.Status.CHECKED


def test_leaving_service_by_import_ends_the_login(login_as, users, demo):
    header = ["personeelsnummer", "voornaam", "achternaam", "uit dienst per"]
    employee_import = upload_ok(
        login_as("hr"), csv_bytes([["D-collega", "Dewi", "Hendriks", "01-01-2020"]], header)
    )
    transfers.apply_import(as_hr(), employee_import)
    users["collega"].refresh_from_db()
    assert demo_person("D-collega").left_service_on == datetime.date(2020, 1, 1)
    assert not users["collega"].is_active


def _numbered_rows(count: int, start: int = 0) -> list[list[str]]:
    return [
        [f"Q-{i}", "Voornaam", "", f"Achternaam {i}", "", "Productie", "Verpakken", "Inpakker",
         "32", "01-01-2024", "vast", "vmbo"]
        for i in range(start, start + count)
    ]  # fmt: skip


def _apply_half_new_half_updates(client, size: int, start: int) -> EmployeeImport:
    """Import ``size // 2`` people, then a file that updates them and adds as many new."""
    half = size // 2
    transfers.apply_import(as_hr(), upload_ok(client, csv_bytes(_numbered_rows(half, start))))
    updates = [[*row[:7], "Heftruckchauffeur", *row[8:]] for row in _numbered_rows(half, start)]
    employee_import = upload_ok(client, csv_bytes(_numbered_rows(half, start + half) + updates))
    assert employee_import.updated_count == employee_import.created_count == half
    return employee_import


def test_apply_uses_the_same_number_of_queries_for_6_and_60_rows(login_as, demo):
    # Both sizes fit in one bulk statement even on SQLite (999 parameters a statement), so
    # any query per row would show up as a difference.
    client = login_as("hr")
    counts = []
    for size, start in ((6, 0), (60, 1000)):
        employee_import = _apply_half_new_half_updates(client, size, start)
        with CaptureQueriesContext(connection) as queries:
            transfers.apply_import(as_hr(), employee_import)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    changed = Employee.objects.filter(
        function="Heftruckchauffeur", personnel_number__startswith="Q"
    )
    assert changed.count() == 3 + 30


def test_apply_of_many_rows_grows_only_by_bulk_batches(
    login_as, demo, django_assert_max_num_queries
):
    employee_import = _apply_half_new_half_updates(login_as("hr"), 600, 0)
    with django_assert_max_num_queries(30):
        transfers.apply_import(as_hr(), employee_import)
    assert Employee.objects.filter(personnel_number__startswith="Q-").count() == 600


def test_report_lists_every_error_and_pages_the_rest(login_as, demo):
    rows = _numbered_rows(250)
    rows[239][9] = "2024-13-01"
    client = login_as("hr")
    employee_import = upload_ok(client, csv_bytes(rows))
    response = client.get(reverse("people-import-report", args=[employee_import.pk]))
    assert [row["row"] for row in response.context["errors"]] == [241]
    assert len(response.context["page"].object_list) == 100
    assert response.context["page"].paginator.count == 249


def test_dates_hours_and_choices_are_read_leniently():
    assert importing.parse_date("1-2-2020") == datetime.date(2020, 2, 1)
    assert importing.parse_date("01-02-2020") == datetime.date(2020, 2, 1)
    assert importing.parse_date("2020-02-01") == datetime.date(2020, 2, 1)
    for bad in ("2020/02/01", "31-02-2020", "01-02-20", "morgen"):
        with pytest.raises(ValueError):
            importing.parse_date(bad)
    assert importing.parse_hours("32,5") == importing.parse_hours("32.5") == Decimal("32.5")
    assert importing.parse_hours("0") == Decimal("0")
    for bad in ("60,5", "-1", "32,25", "twee"):
        with pytest.raises(ValueError):
            importing.parse_hours(bad)
    from koers.organisations.models import EducationLevel

    lookup = importing.choice_lookup(EducationLevel)
    assert lookup["mbo 2"] == lookup["mbo2"] == "mbo2"
    assert lookup[importing.normalise("  Geen   Diploma ")] == "none"


@pytest.mark.parametrize("cell", ["Kees\x00", "Ke\x07es", "\x1bKees"])
def test_a_control_character_in_the_file_is_refused_with_nothing_stored(login_as, demo, cell):
    """Issue 10: a NUL past the first 4 KB reached the database (PostgreSQL cannot store it)."""
    from koers.testing import assert_no_writes

    padding = "".join(f"P{i:05d};Naam{i};;Achter{i}\r\n" for i in range(300))
    data = f"personeelsnummer;voornaam;tussenvoegsel;achternaam\r\n{padding}X1;{cell};;Bakker\r\n"
    client = login_as("hr")
    with assert_no_writes():
        response = client.post(
            reverse("people-import"), {"file": SimpleUploadedFile("p.csv", data.encode())}
        )
    assert response.status_code == 200
    assert "onzichtbaar stuurteken" in response.content.decode()
