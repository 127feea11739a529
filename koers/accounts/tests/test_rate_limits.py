"""Issue 10, item 3: password spraying and reset floods. The lockout of axes is per username
and address; these limits are per address across usernames, and per e-mail address for the
reset mails (allauth's rate limits, counted in the database cache: settings.CACHES)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db
TOO_MANY = "Te veel pogingen. Probeer het over 15 minuten opnieuw."


def _login(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        reverse("login"), {"login": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_cache_is_shared_by_every_web_node():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_spraying_30_usernames_from_one_address_is_blocked(client, users):
    limit = settings.KOERS_LOGIN_IP_FAILURE_LIMIT
    assert limit < 30
    answers = [_login(client, f"medewerker{n}", "Welkom01!") for n in range(30)]
    refused = [n for n, r in enumerate(answers) if TOO_MANY in r.content.decode()]
    assert refused == list(range(limit, 30))
    # Blocked means blocked: the right password of a real login from that address, too.
    right = _login(client, "hr", "koers-demo")
    assert right.status_code in (200, 429)  # the form's error, or past 30 logins a minute the page
    assert TOO_MANY in right.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not.
    assert _login(client, "hr", "koers-demo", address="198.51.100.1").status_code == 302


def test_a_successful_login_does_not_count_against_the_address(client, users):
    for _ in range(settings.KOERS_LOGIN_IP_FAILURE_LIMIT + 5):
        assert _login(client, "medewerker", "koers-demo").status_code == 302
        client.post(reverse("logout"))


def test_16_reset_requests_for_one_address_send_at_most_the_limit(client, users):
    limit = settings.KOERS_RESET_ADDRESS_LIMIT
    answers = [
        client.post(reverse("password_reset"), {"email": "hr@demo.koers.test"}) for _ in range(16)
    ]
    assert len(mail.outbox) == limit
    assert [r.status_code for r in answers] == [302] * limit + [429] * (16 - limit)
    assert TOO_MANY in answers[-1].content.decode()


def test_16_reset_requests_from_one_ip_across_addresses_are_limited(client, users):
    limit = settings.KOERS_RESET_IP_LIMIT
    answers = [
        client.post(reverse("password_reset"), {"email": f"iemand{n}@example.test"})
        for n in range(16)
    ]
    assert [r.status_code for r in answers] == [302] * limit + [429] * (16 - limit)
    # The next real request from that address is refused too; from another it goes out.
    assert (
        client.post(reverse("password_reset"), {"email": "hr@demo.koers.test"}).status_code == 429
    )
    assert len(mail.outbox) == 0
    other = client.post(
        reverse("password_reset"), {"email": "hr@demo.koers.test"}, REMOTE_ADDR="198.51.100.1"
    )
    assert other.status_code == 302
    assert len(mail.outbox) == 1
