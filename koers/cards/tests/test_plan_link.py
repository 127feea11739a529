"""Issue 6 item 2: the card and the POP share one source of truth per agreement; and the
cards of earlier years (000: one card per period)."""

import re

import pytest
from django.urls import reverse

from koers.access.actor import Actor
from koers.cards import actions, queries
from koers.cards.models import CardItem, ItemKind, Theme
from koers.cards.tests.test_privacy_and_pdfs import pdf_text
from koers.lib.errors import NotAllowed, Refused
from koers.organisations.actors import actor_for, actor_for_user
from koers.organisations.models import Employee
from koers.plans import actions as plan_actions
from koers.plans.demo import extend_demo as plans_demo
from koers.plans.demo import sign_both
from koers.plans.models import Category, DevelopmentPlan, DevelopmentPoint
from koers.signing import services as signing
from koers.signing.models import VersionFrozen, VersionStatus

pytestmark = pytest.mark.django_db

SOLDEREN = "Ik loop twee ochtenden mee bij het soldeerwerk."


def person(number: str) -> Employee:
    return Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number=number)


@pytest.fixture
def kees(demo) -> Employee:
    return person("D-medewerker")


@pytest.fixture
def manager(users) -> Actor:
    return actor_for_user(users["manager"])


def agreement(employee, theme=Theme.GROEI, what=SOLDEREN) -> CardItem:
    return actions.add_item(
        actor_for(employee),
        employee,
        theme=theme,
        kind=ItemKind.AGREEMENT,
        what=what,
        who_helps="Sanne",
        when="Mei",
    )


def to_plan(client, item, category="function", title="Solderen"):
    return client.post(
        reverse("card-item-to-plan", args=[item.card.employee_id, item.pk]),
        {"category": category, "title": title},
    )


def page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# --- a card agreement becomes a POP point --------------------------------------------------------


def test_manager_turns_a_card_agreement_into_a_pop_point(login_as, demo, kees):
    plans_demo(demo)
    plan = DevelopmentPlan.objects.get(employee=kees)
    assert signing.latest_version(plan).status == VersionStatus.SIGNED
    item = agreement(kees)

    response = to_plan(login_as("manager"), item)

    point = DevelopmentPoint.objects.get(card_item=item)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('plan-detail', args=[plan.pk])}#point-{point.pk}"
    assert (point.plan, point.category, point.title, point.goal) == (
        plan,
        Category.FUNCTION,
        "Solderen",
        SOLDEREN,
    )
    item.refresh_from_db()
    # The text now lives in the point only; the card shows it from there.
    assert item.what == ""
    assert item.text == SOLDEREN
    # The signed version stays frozen: the change went into a new draft version.
    latest = signing.latest_version(plan)
    assert (latest.number, latest.status) == (2, VersionStatus.DRAFT)
    assert SOLDEREN not in str(signing.versions_of(plan).get(number=1).snapshot)


def test_the_form_suggests_a_name_and_explains_the_new_version(login_as, demo, kees):
    plans_demo(demo)
    item = agreement(kees)
    text = page(login_as("manager"), "card-item-to-plan", kees.pk, item.pk)
    assert 'value="Ik loop twee ochtenden mee bij het soldeerwerk"' in text
    assert "Er komt een nieuwe versie" in text
    for label in ("Persoonlijke vorming", "Functie/taakgericht", "Loopbaangericht"):
        assert label in text


def test_without_a_plan_the_link_makes_one(login_as, kees):
    item = agreement(kees)
    assert not DevelopmentPlan.objects.filter(employee=kees).exists()
    assert "Er is nog geen POP" in page(login_as("manager"), "card-item-to-plan", kees.pk, item.pk)
    to_plan(login_as("manager"), item, category="career")
    point = DevelopmentPoint.objects.get(card_item=item)
    assert point.plan.employee == kees
    assert point.category == Category.CAREER


def test_changing_the_text_in_the_plan_shows_everywhere(login_as, demo, kees, manager):
    plans_demo(demo)
    item = agreement(kees)
    actions.share_item(actor_for(kees), item)
    to_plan(login_as("manager"), item)
    point = DevelopmentPoint.objects.get(card_item=item)

    new_text = "Ik leer solderen bij Sanne, vier ochtenden."
    plan_actions.save_point(manager, point.plan, point, goal=new_text)

    client = login_as("medewerker")
    for name, args in (
        ("card-detail", [kees.pk]),
        ("card-step", [kees.pk, "groei", "agreement"]),
        ("teamcard-detail", [kees.team_id]),
        ("plan-detail", [point.plan_id]),
    ):
        text = page(client, name, *args)
        assert new_text in text, name
        assert SOLDEREN not in text, name


def test_the_card_pdf_shows_the_text_from_the_plan(login_as, demo, kees, manager, tmp_path):
    plans_demo(demo)
    item = agreement(kees)
    to_plan(login_as("manager"), item)
    point = DevelopmentPoint.objects.get(card_item=item)
    plan_actions.save_point(manager, point.plan, point, goal="Solderen bij Sanne leren.")
    response = login_as("medewerker").get(reverse("card-pdf", args=[kees.pk]))
    text = pdf_text(response.content, tmp_path)
    assert "Solderen bij Sanne leren." in text
    assert "soldeerwerk" not in text


def test_a_linked_item_changes_its_text_only_in_the_plan(login_as, demo, kees):
    plans_demo(demo)
    item = agreement(kees)
    to_plan(login_as("manager"), item)
    client = login_as("manager")
    url = reverse("card-item-edit", args=[kees.pk, item.pk])
    text = page(client, "card-item-edit", kees.pk, item.pk)
    assert "Tekst wijzigen in het POP" in text
    assert 'name="what"' not in text

    client.post(url, {"what": "Iets anders", "who_helps": "Ali", "when": "Juni"})
    item.refresh_from_db()
    assert (item.what, item.who_helps, item.when) == ("", "Ali", "Juni")
    assert item.text == SOLDEREN
    with pytest.raises(Refused):
        actions.update_item(actor_for(kees), item, what="Iets anders")


def test_a_gezond_agreement_never_goes_to_the_plan(login_as, demo, kees, manager):
    plans_demo(demo)
    item = agreement(kees, theme=Theme.GEZOND, what="Ik krijg een tafel die omhoog kan.")
    client = login_as("manager")
    text = page(client, "card-item-to-plan", kees.pk, item.pk)
    assert "HR kan het POP lezen" in text
    assert '<form method="post" novalidate>' not in text
    assert to_plan(client, item).status_code == 200
    assert not DevelopmentPoint.objects.filter(card_item=item).exists()
    with pytest.raises(Refused, match="HR kan het POP lezen"):
        actions.link_to_plan(manager, item, category="personal", title="Tafel")
    # The card offers no button for it, and says why.
    card = page(client, "card-detail", kees.pk)
    assert reverse("card-item-to-plan", args=[kees.pk, item.pk]) not in card
    assert "Afspraken over gezond gaan niet naar het POP" in card


def test_a_wish_is_not_a_plan_point(kees, manager):
    wish = actions.add_item(
        actor_for(kees), kees, theme=Theme.GROEI, kind=ItemKind.WISH, what="Leren lassen"
    )
    with pytest.raises(Refused, match="Alleen een afspraak"):
        actions.link_to_plan(manager, wish, category="personal", title="Lassen")


def test_the_employee_does_not_write_the_plan(login_as, kees):
    item = agreement(kees)
    assert to_plan(login_as("medewerker"), item).status_code == 403
    with pytest.raises(NotAllowed):
        actions.link_to_plan(actor_for_user(kees.user), item, category="personal", title="Solderen")


def test_a_plan_the_employee_signed_waits_for_the_manager(login_as, kees, manager):
    plan = plan_actions.create_plan(manager, kees)
    plan_actions.save_point(manager, plan, category="personal", title="Eerste punt")
    version = plan_actions.send_for_signing(manager, plan)
    signing.sign_as_employee(version, kees, "agreed")
    item = agreement(kees)
    text = page(login_as("manager"), "card-item-to-plan", kees.pk, item.pk)
    assert "De medewerker heeft het POP al getekend" in text
    assert to_plan(login_as("manager"), item).status_code == 200
    with pytest.raises(VersionFrozen):
        actions.link_to_plan(manager, item, category="personal", title="Solderen")
    item.refresh_from_db()
    assert item.what == SOLDEREN and not item.is_linked


def test_removing_the_point_gives_the_text_back_to_the_card(login_as, demo, kees, manager):
    plans_demo(demo)
    item = agreement(kees)
    to_plan(login_as("manager"), item)
    point = DevelopmentPoint.objects.get(card_item=item)
    plan_actions.remove_point(manager, point)
    item = CardItem.objects.get(pk=item.pk)
    assert not item.is_linked
    assert item.what == SOLDEREN


def test_deleting_the_whole_plan_gives_the_texts_back_to_the_card(login_as, kees):
    item = agreement(kees)
    to_plan(login_as("manager"), item)
    DevelopmentPlan.objects.get(employee=kees).delete()
    item = CardItem.objects.get(pk=item.pk)
    assert (item.what, item.is_linked) == (SOLDEREN, False)


def test_sharing_a_linked_item_says_only_this_sentence_is_shown(login_as, kees):
    item = agreement(kees)
    to_plan(login_as("manager"), item)
    text = page(login_as("medewerker"), "card-item-share", kees.pk, item.pk)
    assert "Uw team ziet alleen deze zin" in text


def test_removing_the_card_item_keeps_the_point(login_as, demo, kees):
    plans_demo(demo)
    item = agreement(kees)
    client = login_as("manager")
    to_plan(client, item)
    client.post(reverse("card-item-delete", args=[kees.pk, item.pk]))
    point = DevelopmentPoint.objects.get(title="Solderen")
    assert point.goal == SOLDEREN
    assert point.card_item_id is None


def test_the_plan_page_shows_which_points_are_on_the_card(login_as, demo, kees):
    plans_demo(demo)
    item = agreement(kees)
    to_plan(login_as("manager"), item)
    plan = DevelopmentPlan.objects.get(employee=kees)
    link = reverse("card-item-show", args=[kees.pk, item.pk])
    for who in ("manager", "medewerker"):
        text = page(login_as(who), "plan-detail", plan.pk)
        assert "Staat ook op de gesprekskaart" in text
        assert link in text
    # HR reads the signed plan but no cards: the note, without a link to the card.
    sign_both(plan, actor_for(Employee.objects.get(personnel_number="D-manager")))
    text = page(login_as("hr"), "plan-detail", plan.pk)
    assert "Staat ook op de gesprekskaart" in text
    assert link not in text
    response = login_as("medewerker").get(link)
    assert response["Location"] == f"{reverse('card-detail', args=[kees.pk])}#item-{item.pk}"


# --- a plan point shown on the card ---------------------------------------------------------------


def test_employee_puts_a_plan_point_on_the_card(login_as, demo, kees):
    plans_demo(demo)
    plan = DevelopmentPlan.objects.get(employee=kees)
    point = plan.points.get(category=Category.FUNCTION)
    versions = signing.versions_of(plan).count()
    client = login_as("medewerker")
    text = page(client, "card-from-plan", kees.pk)
    assert point.goal in text
    assert 'value="gezond"' not in text

    response = client.post(
        reverse("card-from-plan", args=[kees.pk]), {"point": point.pk, "theme": "plezier"}
    )
    assert response.status_code == 302
    item = CardItem.objects.get(plan_point=point)
    assert (item.theme, item.kind, item.what) == ("plezier", "agreement", "")
    assert point.goal in page(client, "card-detail", kees.pk)
    # Showing it on the card does not change the plan: no new version to sign.
    assert signing.versions_of(plan).count() == versions
    # A point is on the card once.
    assert point.goal not in page(client, "card-from-plan", kees.pk)


def test_a_plan_point_never_goes_to_gezond(demo, kees, manager):
    plans_demo(demo)
    point = DevelopmentPoint.objects.filter(plan__employee=kees).first()
    with pytest.raises(Refused):
        actions.show_on_card(manager, point, theme=Theme.GEZOND)
    assert not CardItem.objects.filter(plan_point=point).exists()


def test_a_colleague_cannot_put_someone_elses_point_on_a_card(demo, kees, users):
    plans_demo(demo)
    point = DevelopmentPoint.objects.filter(plan__employee=kees).first()
    with pytest.raises(NotAllowed):
        actions.show_on_card(actor_for_user(users["collega"]), point, theme=Theme.GROEI)


def test_the_card_page_with_links_has_a_flat_query_count(
    login_as, demo, kees, manager, django_assert_max_num_queries
):
    plans_demo(demo)
    for point in DevelopmentPoint.objects.filter(plan__employee=kees):
        actions.show_on_card(manager, point, theme=Theme.GROEI)
    client = login_as("medewerker")
    # With the read in the dossier log: chain head + insert, and on PostgreSQL the chain lock.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("card-detail", args=[kees.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("teamcard-detail", args=[kees.team_id])).status_code == 200


# --- cards of earlier years -------------------------------------------------------------------


@pytest.fixture
def last_year_card(kees):
    card = actions.start_card(actor_for(kees), kees, year=queries.this_year() - 1)
    item = CardItem.objects.create(
        card=card, theme=Theme.GROEI, kind=ItemKind.WISH, what="Vorig jaar: leren lassen."
    )
    actions.share_item(actor_for(kees), item)
    return card


def test_an_older_card_is_read_only_with_a_button_for_this_year(login_as, kees, last_year_card):
    client = login_as("medewerker")
    text = page(client, "card-detail", kees.pk)
    year = queries.this_year()
    assert "Vorig jaar: leren lassen." in text
    assert f"Start de kaart voor {year}" in text
    assert "Kaart invullen" not in text
    assert "Wijzigen" not in text
    item = last_year_card.items.get()
    for name in ("card-item-edit", "card-item-delete", "card-item-share"):
        assert client.get(reverse(name, args=[kees.pk, item.pk])).status_code == 404, name
    # Taking it off the teamkaart is always allowed.
    client.post(reverse("card-item-unshare", args=[kees.pk, item.pk]))
    item.refresh_from_db()
    assert not item.shared


def test_starting_this_years_card(login_as, kees, last_year_card):
    client = login_as("manager")
    response = client.post(reverse("card-start", args=[kees.pk]))
    assert response.status_code == 302
    assert queries.current_card(kees).year == queries.this_year()
    text = page(client, "card-detail", kees.pk)
    assert "Vorig jaar: leren lassen." not in text
    assert "Kaart invullen" in text
    years = page(client, "card-years", kees.pk)
    assert f"Kaart van {queries.this_year()}" in years
    assert f"Kaart van {last_year_card.year}" in years
    assert "Start de kaart voor" not in years
    old = page(client, "card-year", kees.pk, last_year_card.year)
    assert "Vorig jaar: leren lassen." in old
    assert "Die kunt u alleen lezen" in old
    current = client.get(reverse("card-year", args=[kees.pk, queries.this_year()]))
    assert current["Location"] == reverse("card-detail", args=[kees.pk])


def test_the_first_item_of_a_new_year_starts_the_card_and_questions_show_only_it(
    login_as, kees, last_year_card
):
    client = login_as("medewerker")
    text = page(client, "card-step", kees.pk, "groei", "wish")
    assert "Vorig jaar: leren lassen." not in text
    client.post(reverse("card-step", args=[kees.pk, "groei", "wish"]), {"what": "Nieuw jaar."})
    assert queries.current_card(kees).year == queries.this_year()
    assert "Vorig jaar" not in page(client, "card-detail", kees.pk)


def test_older_card_prints_by_year(login_as, kees, last_year_card):
    client = login_as("medewerker")
    response = client.get(reverse("card-pdf", args=[kees.pk]) + f"?year={last_year_card.year}")
    assert response.status_code == 200
    assert str(last_year_card.year) in response["Content-Disposition"]
    assert client.get(reverse("card-pdf", args=[kees.pk]) + "?year=1999").status_code == 404


# --- navigation -----------------------------------------------------------------------------------


def current_nav(text: str) -> list[str]:
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', text)


def test_my_card_is_highlighted_only_on_my_own_card(login_as, kees):
    assert current_nav(page(login_as("medewerker"), "card-detail", kees.pk)) == ["Mijn kaart"]
    manager_view = current_nav(page(login_as("manager"), "card-detail", kees.pk))
    assert "Mijn kaart" not in manager_view
    assert manager_view == ["Teamkaarten"]
    manager = person("D-manager")
    assert current_nav(page(login_as("manager"), "card-detail", manager.pk)) == ["Mijn kaart"]
