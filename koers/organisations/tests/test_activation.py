"""Issue 10, item 1: nobody but the person ever knows their password. A new login is an
activation: a one-time link by e-mail, or a printable letter with a code and a QR code."""

from __future__ import annotations

import datetime
import math
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.access.actor import Actor
from koers.accounts.models import User
from koers.audit.models import AuditEvent
from koers.lib.errors import NotAllowed
from koers.organisations import activation_codes as codes
from koers.organisations.actions import logins
from koers.organisations.actors import actor_for
from koers.organisations.models import Activation, Employee

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b")
NEW_PASSWORD = "Zonnige-Fiets-Route-81"


def save_letter(content: bytes) -> None:
    """KOERS_KEEP_LETTER=path keeps the last letter to look at."""
    import os

    if os.environ.get("KOERS_KEEP_LETTER"):
        Path(os.environ["KOERS_KEEP_LETTER"]).write_bytes(content)


def pdf_text(content: bytes) -> str:
    """The letter's text; it fits on one A4 page."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.pdf"
        path.write_bytes(content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE), info.stdout
        assert "595.276 x 841.89" in info.stdout or "595 x 842" in info.stdout  # A4
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def person_without_email() -> Employee:
    return (
        Employee.objects.filter(organisation__slug="demo-werkbedrijf", user__isnull=True, email="")
        .exclude(street="")
        .first()
    )


def person_with_email() -> Employee:
    return (
        Employee.objects.filter(organisation__slug="demo-werkbedrijf", user__isnull=True)
        .exclude(email="")
        .first()
    )


def grant(client: Client, person: Employee, username: str, **extra: str):
    return client.post(
        reverse("person-access", args=[person.pk]),
        {"action": "grant", "username": username, **extra},
    )


def make_letter(client: Client, person: Employee) -> tuple[str, str]:
    """The letter's text and the code printed in it."""
    response = client.post(reverse("person-activation-letter", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    save_letter(response.content)
    text = pdf_text(response.content)
    found = CODE.findall(text)
    assert len(found) == 1, text
    return text, found[0]


def verbs_about(person: Employee) -> list[str]:
    return list(
        AuditEvent.objects.filter(employee=person).order_by("seq").values_list("verb", flat=True)
    )


def can_sign_in(username: str, password: str) -> bool:
    client = Client()
    response = client.post(reverse("login"), {"login": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def choose_password(code_as_typed: str, password: str = NEW_PASSWORD, address: str = "10.0.0.1"):
    """As the person: type the code, then the password twice."""
    client = Client(REMOTE_ADDR=address)
    first = client.post(reverse("activate"), {"code": code_as_typed})
    if "new_password1" not in first.content.decode():
        return first
    return client.post(
        reverse("activate"),
        {"code": code_as_typed, "new_password1": password, "new_password2": password},
    )


# The defect: HR chose the first password and could then sign in as the employee.


@pytest.mark.parametrize("finder", [person_without_email, person_with_email])
def test_hr_posting_a_password_cannot_sign_in_with_it(login_as, finder):
    person = finder()
    grant(login_as("hr"), person, "overgenomen", password="Zomer-Tuin-2026!")
    user = User.objects.get(username="overgenomen")
    assert not user.has_usable_password()
    assert not can_sign_in("overgenomen", "Zomer-Tuin-2026!")


def test_access_page_has_no_password_field(login_as):
    person = person_without_email()
    client = login_as("hr")
    page = client.get(reverse("person-access", args=[person.pk])).content.decode()
    assert 'type="password"' not in page and 'name="password"' not in page
    grant(client, person, "zonder")
    page = client.get(reverse("person-access", args=[person.pk])).content.decode()
    assert 'type="password"' not in page
    assert "Activeringsbrief maken" in page


def test_letter_code_activates_the_login(login_as, django_capture_on_commit_callbacks):
    person = person_without_email()
    client = login_as("hr")
    with django_capture_on_commit_callbacks(execute=True):
        assert grant(client, person, "zonder").status_code == 302
    assert not mail.outbox  # no e-mail address: nothing to send
    text, code = make_letter(client, person)
    assert person.full_name in text and "zonder" in text
    assert person.street in text and person.city in text  # the organisation keeps addresses
    assert "/accounts/activate/" in text
    assert not set(code.replace("-", "")) & set("01OIL")

    # The person types it in lowercase, with spaces instead of dashes.
    response = choose_password(code.lower().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert can_sign_in("zonder", NEW_PASSWORD)
    assert verbs_about(person)[-3:] == [
        "login.granted",
        "activation.letter_made",
        "activation.used",
    ]
    used = AuditEvent.objects.get(employee=person, verb="activation.used")
    assert used.actor_id == person.pk  # the person did it, not HR
    # The person sees it in their own log.
    own = Client()
    own.force_login(User.objects.get(username="zonder"))
    log = own.get(reverse("dossier-log")).content.decode()
    assert "heeft een activeringsbrief gemaakt" in log
    assert "zelf een wachtwoord gekozen" in log


def test_code_shows_on_the_password_page_only_as_the_username(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    page = Client().post(reverse("activate"), {"code": code}).content.decode()
    assert "Kies uw wachtwoord" in page and "zonder" in page
    assert 'name="new_password1"' in page and 'name="new_password2"' in page


def test_hr_cannot_learn_the_code_afterwards(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, first = make_letter(client, person)
    page = client.get(reverse("person-access", args=[person.pk])).content.decode()
    assert first not in page and first.replace("-", "") not in page
    assert "Wacht op activering" in page
    # Koers keeps no code, in any spelling.
    stored = " ".join(
        str(v) for v in Activation.objects.filter(employee=person).values().get().values()
    )
    assert first.replace("-", "") not in stored and first not in stored

    # A new letter is a new code; the first stops working.
    _, second = make_letter(client, person)
    assert second != first
    assert "werkt niet meer" in choose_password(first).content.decode()
    assert choose_password(second).status_code == 302
    assert verbs_about(person).count("activation.letter_made") == 2


def test_wrong_code_is_refused_and_changes_nothing(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    make_letter(client, person)
    response = choose_password("ABCD-EFGH-JKMN")
    assert "Deze code klopt niet" in response.content.decode()
    user = User.objects.get(username="zonder")
    assert not user.has_usable_password()
    assert Activation.objects.get(employee=person).is_open()


def test_expired_code_is_refused(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    Activation.objects.filter(employee=person).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert "Deze code is verlopen" in choose_password(code).content.decode()
    assert not User.objects.get(username="zonder").has_usable_password()


def test_letter_is_valid_for_fourteen_days(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    text, _ = make_letter(client, person)
    activation = Activation.objects.get(employee=person)
    days = (activation.expires_at - activation.created_at).days
    assert 14 <= days <= 15
    until = activation.last_valid_day
    assert until == timezone.localdate() + datetime.timedelta(days=14)
    assert str(until.year) in text and "tot en met" in text


def test_used_code_is_refused(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    assert choose_password(code).status_code == 302
    response = choose_password(code, password="Een-Ander-Wachtwoord-77")
    assert "Deze code is al gebruikt" in response.content.decode()
    assert can_sign_in("zonder", NEW_PASSWORD)


def test_mismatched_passwords_keep_the_code(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    anonymous = Client()
    response = anonymous.post(
        reverse("activate"),
        {"code": code, "new_password1": NEW_PASSWORD, "new_password2": "iets-anders-12345"},
    )
    assert response.status_code == 200
    assert Activation.objects.get(employee=person).is_open()
    short = anonymous.post(
        reverse("activate"), {"code": code, "new_password1": "kort", "new_password2": "kort"}
    )
    assert (
        short.status_code == 200 and not User.objects.get(username="zonder").has_usable_password()
    )


def test_five_wrong_codes_void_the_activation(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    # Someone has the first group right (a typo, or half a letter read).
    wrong = code[:5] + ("AAAA-AAAA" if code[5:] != "AAAA-AAAA" else "BBBB-BBBB")
    for _ in range(Activation.MAX_WRONG_ATTEMPTS):
        assert "Deze code klopt niet" in choose_password(wrong).content.decode()
    activation = Activation.objects.get(employee=person)
    assert activation.void_reason == Activation.VoidReason.ATTEMPTS
    assert "werkt niet meer" in choose_password(code).content.decode()
    assert "activation.voided" in verbs_about(person)
    page = client.get(reverse("person-access", args=[person.pk])).content.decode()
    assert "te vaak een verkeerde code" in page


def test_one_address_may_try_only_a_few_codes(login_as, settings):
    settings.KOERS_ACTIVATION_FAILURES_PER_HOUR = 10
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    attacker = "192.0.2.66"
    for _ in range(10):
        guess = codes.grouped(codes.new_code())
        assert "Deze code klopt niet" in choose_password(guess, address=attacker).content.decode()
    # Now even the right code is not checked from that address...
    assert "te vaak een verkeerde code" in choose_password(code, address=attacker).content.decode()
    assert not User.objects.get(username="zonder").has_usable_password()
    # ...through the link neither...
    link = Client(REMOTE_ADDR=attacker).get(reverse("activate-link", args=[code.replace("-", "")]))
    assert "te vaak een verkeerde code" in link.content.decode()
    # ...while the person, elsewhere, gets in.
    assert choose_password(code, address="198.51.100.7").status_code == 302


def test_person_with_email_gets_a_one_time_link(
    login_as, django_capture_on_commit_callbacks, settings
):
    settings.KOERS_BASE_URL = "https://koers.example.nl/"
    person = person_with_email()
    with django_capture_on_commit_callbacks(execute=True):
        grant(login_as("hr"), person, "metmail")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person.email]
    body = mail.outbox[0].body
    link = re.search(r"https://koers\.example\.nl/accounts/activate/([A-Z2-9]{12})/", body)
    assert link, body
    assert "metmail" in body
    assert link.group(1) not in str(list(Activation.objects.filter(employee=person).values()))

    anonymous = Client()
    path = reverse("activate-link", args=[link.group(1)])
    assert "Kies uw wachtwoord" in anonymous.get(path).content.decode()
    response = anonymous.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert can_sign_in("metmail", NEW_PASSWORD)
    assert verbs_about(person)[-3:] == ["login.granted", "activation.link_sent", "activation.used"]
    assert "al gebruikt" in anonymous.get(path).content.decode()


def test_new_link_voids_the_old_one(login_as, django_capture_on_commit_callbacks):
    person = person_with_email()
    client = login_as("hr")
    with django_capture_on_commit_callbacks(execute=True):
        grant(client, person, "metmail")
        client.post(reverse("person-access", args=[person.pk]), {"action": "send_link"})
    first, second = (
        re.search(r"/accounts/activate/([A-Z2-9]{12})/", m.body).group(1) for m in mail.outbox
    )
    assert (
        "werkt niet meer" in Client().get(reverse("activate-link", args=[first])).content.decode()
    )
    assert (
        "Kies uw wachtwoord"
        in Client().get(reverse("activate-link", args=[second])).content.decode()
    )


def test_reset_access_voids_the_password_and_mails_a_link(
    login_as, users, django_capture_on_commit_callbacks
):
    person = Employee.objects.get(user=users["collega"])
    assert person.email and can_sign_in("collega", "koers-demo")
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as("hr").post(
            reverse("person-access", args=[person.pk]), {"action": "reset"}
        )
    assert response.status_code == 302
    assert not can_sign_in("collega", "koers-demo")
    assert len(mail.outbox) == 1 and "opnieuw ingesteld" in mail.outbox[0].subject
    code = re.search(r"/accounts/activate/([A-Z2-9]{12})/", mail.outbox[0].body).group(1)
    assert choose_password(code).status_code == 302
    assert can_sign_in("collega", NEW_PASSWORD)
    assert {"login.access_reset", "activation.link_sent", "activation.used"} <= set(
        verbs_about(person)
    )


def test_reset_access_without_email_needs_a_new_letter(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    assert choose_password(code).status_code == 302
    # The password works; HR cannot print a letter until the access is reset.
    refused = client.post(reverse("person-activation-letter", args=[person.pk]))
    assert refused.status_code == 302
    client.post(reverse("person-access", args=[person.pk]), {"action": "reset"})
    assert not can_sign_in("zonder", NEW_PASSWORD)
    _, new_code = make_letter(client, person)
    assert choose_password(new_code, password="Nieuwe-Lente-Wandeling-5").status_code == 302
    assert can_sign_in("zonder", "Nieuwe-Lente-Wandeling-5")


def test_the_person_is_told_when_roles_change(login_as, django_capture_on_commit_callbacks):
    person = Employee.objects.get(
        organisation__slug="demo-werkbedrijf", personnel_number="D-collega"
    )
    with django_capture_on_commit_callbacks(execute=True):
        login_as("admin").post(
            reverse("person-access", args=[person.pk]), {"action": "roles", "is_hr": "on"}
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person.email]
    assert "HR" in mail.outbox[0].body
    assert "person.role_granted" in verbs_about(person)


def test_signed_in_hr_cannot_use_a_code(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    page = client.get(reverse("activate-link", args=[code.replace("-", "")])).content.decode()
    assert "U bent al ingelogd" in page
    posted = client.post(
        reverse("activate"),
        {"code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "U bent al ingelogd" in posted.content.decode()
    assert Activation.objects.get(employee=person).is_open()


def test_hr_cannot_use_the_activation_action_as_themselves(login_as, users):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    from koers.organisations.actions import activations

    hr = actor_for(Employee.objects.get(user=users["hr"]))
    with pytest.raises(NotAllowed):
        activations.activate(hr, code, NEW_PASSWORD, address="10.0.0.9")


def test_only_the_system_actor_sets_up_logins_with_a_password(users):
    kees = Employee.objects.get(
        organisation__slug="demo-werkbedrijf", personnel_number="D-medewerker"
    )
    hr = actor_for(Employee.objects.get(user=users["hr"]))
    with pytest.raises(NotAllowed):
        logins.set_up_logins(hr, {"medewerker": kees}, "md5$x$y")
    logins.set_up_logins(
        Actor.for_system(kees.organisation_id), {"medewerker": kees}, users["medewerker"].password
    )


def test_no_view_can_reach_set_up_logins():
    koers = Path(__file__).resolve().parents[2]
    callers = [
        str(path.relative_to(koers))
        for path in koers.rglob("*.py")
        if "set_up_logins" in path.read_text() and "tests" not in path.parts
    ]
    assert sorted(callers) == ["organisations/actions/logins.py", "organisations/demo.py"]


def test_superuser_still_sets_passwords_in_admin_and_hr_cannot_reach_it(login_as, users):
    target = users["medewerker"]
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert login_as("admin").get(url).status_code == 200
    set_by_admin = login_as("admin").post(
        url, {"password1": "Beheer-Zet-Dit-2026", "password2": "Beheer-Zet-Dit-2026"}
    )
    assert set_by_admin.status_code == 302
    assert can_sign_in("medewerker", "Beheer-Zet-Dit-2026")
    response = login_as("hr").get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_codes_are_long_and_unambiguous():
    assert not set(codes.ALPHABET) & set("01OIL")
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 40
    code = codes.new_code()
    assert codes.is_well_formed(code) and codes.normalised(codes.grouped(code).lower()) == code
    assert codes.normalised(" kx7p 3mhd-r9ta ") == "KX7P3MHDR9TA"
    assert len({codes.new_code() for _ in range(1000)}) == 1000


def test_stopping_the_login_voids_the_letter(login_as):
    person = person_without_email()
    client = login_as("hr")
    grant(client, person, "zonder")
    _, code = make_letter(client, person)
    client.post(reverse("person-access", args=[person.pk]), {"action": "revoke"})
    assert "werkt niet meer" in choose_password(code).content.decode()
    assert not User.objects.get(username="zonder").has_usable_password()


def test_only_the_org_admin_resets_the_access_of_hr_and_admins(login_as, users):
    """Otherwise HR could reset the admin's access, print the letter and become admin."""
    admin = Employee.objects.get(user=users["admin"])
    response = login_as("hr").post(reverse("person-access", args=[admin.pk]), {"action": "reset"})
    assert response.status_code == 403
    assert can_sign_in("admin", "koers-demo")
    hr = Employee.objects.get(user=users["hr"])
    login_as("admin").post(reverse("person-access", args=[hr.pk]), {"action": "reset"})
    assert not can_sign_in("hr", "koers-demo")


def test_the_login_page_leads_to_the_activation(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("activate")}"' in page
