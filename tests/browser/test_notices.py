"""Notices on the event, as people see them (issue 11 acceptance): the manager offers the
report of a held talk for signing, the employee finds the notice on their list at once
(no reminder run), signs from it, and the notice is gone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

WAITING = "Er ligt een document klaar dat u moet lezen en tekenen."


@pytest.fixture
def held_talk(demo_site):
    """A talk with Kees, held today by Sanne; its report prefilled, not yet offered."""
    from koers.conversations.actions import talk as talk_actions
    from koers.followup.models import Notice
    from koers.organisations.actors import actor_for
    from koers.testing import talk_with_kees

    talk = talk_with_kees(days_ahead=20)
    manager = actor_for(talk.employee.team.managers.get())
    talk_actions.save_phase(manager, talk, "opening", {"opening": "Welkom; doel uitgelegd."})
    talk_actions.finish_talk(manager, talk, held_earlier=True)
    Notice.objects.all().delete()
    return talk


def test_offering_a_report_tells_the_employee_at_once_and_signing_clears_it(new_context, held_talk):
    manager = new_context().new_page()
    sign_in(manager, "manager")
    manager.goto(reverse("conversation-report", args=[held_talk.pk]))
    manager.get_by_role("button", name="Opslaan en aanbieden ter ondertekening").click()
    expect(manager.get_by_text("Versie 1 staat klaar", exact=False)).to_be_visible()

    kees = new_context().new_page()
    sign_in(kees, "medewerker")
    kees.goto(reverse("notification-list"))
    expect(kees.get_by_text(WAITING)).to_be_visible()
    expect(kees.get_by_role("link", name="Meldingen (1)")).to_be_visible()
    assert_accessible(kees)

    kees.get_by_role("link", name="Bekijken (wacht op uw handtekening)").click()
    kees.get_by_label("Akkoord: ik ben het eens met dit verslag").check()
    kees.get_by_role("button", name="Bevestigen").click()
    expect(kees.get_by_text("Dank u. Uw keuze is vastgelegd.")).to_be_visible()

    kees.goto(reverse("notification-list"))
    expect(kees.get_by_role("heading", level=1)).to_be_visible()
    expect(kees.get_by_text(WAITING)).to_have_count(0)
    assert_accessible(kees)

    # The manager, in turn, is told that the report waits for their signature.
    manager.goto(reverse("notification-list"))
    expect(
        manager.get_by_text("De medewerker heeft getekend; het document wacht op uw handtekening.")
    ).to_be_visible()
    assert_accessible(manager)
