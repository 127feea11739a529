import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who,url",
    [
        ("medewerker", "dashboard"),
        ("manager", "dashboard"),
        ("hr", "dashboard"),
        ("manager", "dashboard-me"),
        ("medewerker", "notification-list"),
        ("manager", "notification-list"),
    ],
)
def test_pages_render(full_demo, login_as, who, url):
    response = login_as(who).get(reverse(url))
    assert response.status_code == 200
