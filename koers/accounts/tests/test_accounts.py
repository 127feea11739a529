import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_with_demo_password_lands_on_home(client, users):
    response = client.post(
        reverse("login"), {"login": "medewerker", "password": "koers-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Welkom, Kees" in response.content.decode()


def test_wrong_password_says_so_in_dutch(client, users):
    response = client.post(reverse("login"), {"login": "hr", "password": "fout"})
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()


def test_login_is_throttled_after_five_failures(client, users):
    for _ in range(5):
        client.post(reverse("login"), {"login": "hr", "password": "fout"})
    response = client.post(reverse("login"), {"login": "hr", "password": "koers-demo"})
    assert "Te vaak een verkeerd wachtwoord" in response.content.decode()


def test_password_reset_sends_mail(client, users):
    response = client.post(reverse("password_reset"), {"email": "hr@demo.koers.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_profile_switches_language_to_english(login_as, users):
    client = login_as("medewerker")
    client.post(reverse("profile"), {"language": "en"})
    users["medewerker"].refresh_from_db()
    assert users["medewerker"].language == "en"
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_passwords_are_hashed_with_argon2_in_production():

    from koers import settings as koers_settings

    assert koers_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_manager_home_lists_own_team(login_as):
    text = login_as("manager").get(reverse("home")).content.decode()
    assert "Mijn team" in text and "Kees Bakker" in text
    assert "Dewi Hendriks" not in text
