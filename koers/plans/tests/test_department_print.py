"""HR prints a department's signed POPs as one ZIP of PDFs (issue 18 item 5): the signed
version of each POP that runs, as its own download prints it; who has none is listed; every
print is a read in the employee's dossier log; only HR of the organisation may."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from koers.audit.models import AuditEvent
from koers.lib.errors import NotAllowed
from koers.organisations.actors import actor_for
from koers.organisations.models import Department, Employee
from koers.plans.models import DevelopmentPlan
from koers.plans.printing import print_department
from koers.plans.signed import PlanDocument

pytestmark = pytest.mark.django_db


def _person(number: str) -> Employee:
    return Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number=number)


def _department() -> Department:
    return _person("D-medewerker").team.department


def _expected(department: Department) -> tuple[set[str], set[str]]:
    """File names of the running POPs with a signed version; names of those without."""
    signed, unsigned = set(), set()
    for plan in DevelopmentPlan.objects.filter(employee__team__department=department):
        if PlanDocument(plan).current_signed():
            signed.add(f"pop-{plan.employee.personnel_number}-{plan.pk}.pdf")
        else:
            unsigned.add(plan.employee.full_name)
    return signed, unsigned


@pytest.mark.parametrize("workers", [1, 2])
def test_hr_prints_every_signed_pop_of_the_department_and_lists_the_rest(plans_demo, workers):
    hr = actor_for(_person("D-hr"))
    department = _department()
    signed, unsigned = _expected(department)
    assert signed and unsigned, "the demo has signed and unsigned POPs in this department"
    out = io.BytesIO()
    result = print_department(hr, department, out, workers=workers)
    archive = zipfile.ZipFile(out)
    pdfs = {name for name in archive.namelist() if name.endswith(".pdf")}
    assert pdfs == signed and result.count == len(signed)
    for name in pdfs:
        assert archive.read(name).startswith(b"%PDF-")
    contents = archive.read("inhoud.txt").decode()
    assert all(name in contents for name in unsigned)
    assert {person.full_name for person in result.unsigned} == unsigned
    # A read in each employee's dossier log, by HR, with the version printed.
    events = AuditEvent.objects.filter(verb="plan.printed", actor_id=hr.employee_id)
    assert events.count() == len(signed)
    assert {e.params["department"] for e in events} == {department.pk}


def test_the_signed_version_prints_not_the_newer_draft(plans_demo):
    hr = actor_for(_person("D-hr"))
    department = _department()
    with_draft = next(
        plan
        for plan in DevelopmentPlan.objects.filter(employee__team__department=department)
        if PlanDocument(plan).current_signed()
        and PlanDocument(plan).latest.pk != PlanDocument(plan).current_signed().pk
    )
    print_department(hr, department, io.BytesIO())
    event = AuditEvent.objects.get(verb="plan.printed", subject_id=with_draft.pk)
    assert event.params["number"] == PlanDocument(with_draft).current_signed().number


def test_a_manager_may_not_print_a_department_and_nothing_is_recorded(plans_demo):
    manager = actor_for(_person("D-manager"))
    with pytest.raises(NotAllowed):
        print_department(manager, _department(), io.BytesIO())
    assert not AuditEvent.objects.filter(verb="plan.printed").exists()


def test_hr_of_another_organisation_may_not(plans_demo):
    other_hr = (
        Employee.objects.exclude(organisation__slug="demo-werkbedrijf")
        .filter(user__username="hr2")
        .get()
    )
    with pytest.raises(NotAllowed):
        print_department(actor_for(other_hr), _department(), io.BytesIO())


def test_the_command_writes_the_zip_or_nothing(plans_demo, tmp_path):
    out = tmp_path / "pops.zip"
    stdout = io.StringIO()
    call_command(
        "print_department",
        "--as",
        "hr",
        "--department",
        _department().name,
        "--out",
        str(out),
        stdout=stdout,
    )
    assert zipfile.ZipFile(out).namelist() and "POP(s)" in stdout.getvalue()
    refused = tmp_path / "refused.zip"
    with pytest.raises(CommandError):
        call_command(
            "print_department",
            "--as",
            "manager",
            "--department",
            _department().name,
            "--out",
            str(refused),
        )
    assert not refused.exists() and not list(tmp_path.glob("*.part"))
