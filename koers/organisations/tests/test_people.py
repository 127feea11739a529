import pytest
from django.urls import reverse

from koers.organisations.models import Employee, Organisation

pytestmark = pytest.mark.django_db


def person(org_slug: str, number: str) -> Employee:
    return Employee.objects.get(organisation__slug=org_slug, personnel_number=number)


def test_hr_sees_only_own_organisation(login_as):
    client = login_as("hr")
    response = client.get(reverse("people-list"), {"status": "all", "q": ""})
    assert response.status_code == 200
    names = {p.organisation.slug for p in response.context["page"].paginator.object_list}
    assert names == {"demo-werkbedrijf"}
    assert response.context["page"].paginator.count == 120


def test_hr2_gets_404_for_demo_person(login_as, demo):
    client = login_as("hr2")
    other = person("demo-werkbedrijf", "D-medewerker")
    for name in ("person-detail", "person-edit", "person-leave"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


def test_employee_gets_no_people_list(login_as):
    assert login_as("medewerker").get(reverse("people-list")).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_search_finds_by_name_and_number(login_as):
    client = login_as("hr")
    response = client.get(reverse("people-list"), {"q": "Bakker Kees"})
    found = [p.personnel_number for p in response.context["page"].object_list]
    assert "D-medewerker" in found
    response = client.get(reverse("people-list"), {"q": "D-collega"})
    assert [p.personnel_number for p in response.context["page"].object_list] == ["D-collega"]


def test_filter_by_team_and_pagination(login_as, demo):
    client = login_as("hr")
    team = demo.teams.get(name="Verpakken")
    response = client.get(reverse("people-list"), {"team": team.pk})
    assert response.context["page"].paginator.count == 25
    assert len(response.context["page"].object_list) == 25
    response = client.get(reverse("people-list"))
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].has_next()


def test_people_list_query_count_is_flat(login_as, django_assert_max_num_queries):
    client = login_as("hr")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people-list"), {"status": "all"})
    assert response.status_code == 200


def test_htmx_search_returns_only_results(login_as):
    client = login_as("hr")
    response = client.get(
        reverse("people-list"),
        {"q": "Bakker"},
        headers={"HX-Request": "true", "HX-Target": "people-results"},
    )
    assert b"<html" not in response.content
    assert b"Bakker" in response.content


def test_hr_creates_person_with_dutch_validation(login_as, demo):
    client = login_as("hr")
    response = client.post(reverse("person-create"), {"personnel_number": "D-medewerker"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "bestaat al in uw organisatie" in text
    assert "Dit veld is verplicht." in text
    team = demo.teams.get(name="Assemblage")
    response = client.post(
        reverse("person-create"),
        {
            "personnel_number": "9999",
            "first_name": "Ayla",
            "last_name": "Demir",
            "team": team.pk,
            "hours_per_week": "24",
            "in_service_since": "2026-01-01",
            "street": "Dorpsstraat 1",
        },
    )
    created = person("demo-werkbedrijf", "9999")
    assert response.status_code == 302
    assert created.team == team and created.street == "Dorpsstraat 1"


def test_personal_fields_not_kept_are_not_stored(login_as, demo):
    second = Organisation.objects.get(slug="tweede-organisatie")
    assert not second.keeps_address
    client = login_as("hr2")
    client.post(
        reverse("person-create"),
        {"personnel_number": "X1", "first_name": "A", "last_name": "B", "street": "Geheim 1"},
    )
    assert person("tweede-organisatie", "X1").street == ""


def test_mark_left_service_and_undo(login_as, users):
    client = login_as("hr")
    target = person("demo-werkbedrijf", "D-collega")
    response = client.get(reverse("person-leave", args=[target.pk]))
    assert "uit dienst melden" in response.content.decode()
    client.post(reverse("person-leave", args=[target.pk]), {"left_service_on": "2020-01-01"})
    target.refresh_from_db()
    users["collega"].refresh_from_db()
    assert str(target.left_service_on) == "2020-01-01"
    assert not users["collega"].is_active
    assert Employee.objects.filter(pk=target.pk).exists()
    client.post(reverse("person-reinstate", args=[target.pk]))
    target.refresh_from_db()
    users["collega"].refresh_from_db()
    assert target.left_service_on is None and users["collega"].is_active


def test_org_admin_switching_field_off_erases_it(login_as, demo):
    client = login_as("admin")
    assert Employee.objects.filter(organisation=demo).exclude(street="").exists()
    response = client.post(
        reverse("organisation-settings"),
        {
            "why_text": "Omdat leren loont.",
            "conversation_interval_months": 12,
            "retention_years": 2,
        },
    )
    assert response.status_code == 302
    assert not Employee.objects.filter(organisation=demo).exclude(street="").exists()


def test_hr_cannot_change_organisation_settings(login_as):
    assert login_as("hr").get(reverse("organisation-settings")).status_code == 403


def test_demo_email_addresses_are_valid(demo):
    from django.core.validators import validate_email

    for address in Employee.objects.exclude(email="").values_list("email", flat=True):
        validate_email(address)


def test_export_links_follow_the_search(login_as):
    response = login_as("hr").get(
        reverse("people-list"),
        {"q": "Bakker"},
        headers={"HX-Request": "true", "HX-Target": "people-results"},
    )
    assert b"export.csv?q=Bakker" in response.content


def test_the_number_found_is_said_once(login_as):
    """Issue 14: "120 personen gevonden" was on the page twice (once for screen readers)."""
    client = login_as("hr")
    page = client.get(reverse("people-list"), {"status": "all"}).content.decode()
    assert page.count("120 personen gevonden") == 1
    # A search that updates the list says it in the live region as well.
    update = client.get(
        reverse("people-list"),
        {"status": "all"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="people-results",
    ).content.decode()
    assert 'id="people-live"' in update and update.count("120 personen gevonden") == 2
