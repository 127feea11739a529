"""The gesprekskaart (000): a card per employee per period with the themes groei, gezond and
plezier, and the teamkaart that shows what employees chose to share with their team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access.relations import AS_HR, OWN_OR_LED, SAME_TEAM, in_organisation, team_q
from koers.lib.concurrency import Revisioned
from koers.organisations.models import Employee, Organisation, Role, Team

if TYPE_CHECKING:
    from koers.access.actor import Actor


class Theme(models.TextChoices):
    GROEI = "groei", _("Groei")
    GEZOND = "gezond", _("Gezond")
    PLEZIER = "plezier", _("Plezier")


class ItemKind(models.TextChoices):
    WISH = "wish", _("Wat wil ik?")
    AGREEMENT = "agreement", _("Wat spreken we af?")


class NameDisplay(models.TextChoices):
    FIRST_NAME = "first_name", _("Voornaam (bijvoorbeeld: Kees)")
    INITIALS = "initials", _("Alleen letters (bijvoorbeeld: K.B.)")


class CardQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> CardQuerySet:
        """000 / who sees what: the employee their own card, a manager the cards of the people
        in the teams they lead. HR does not read individual cards; colleagues never."""
        return self.filter(OWN_OR_LED.q(actor, organisation="organisation"))


class Card(models.Model):
    """One employee's gesprekskaart for one period (a calendar year)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="cards")
    year = models.PositiveSmallIntegerField(_("jaar"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = _("gesprekskaart")
        verbose_name_plural = _("gesprekskaarten")
        ordering = ["employee", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="one_card_per_employee_year")
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}"

    @property
    def is_current(self) -> bool:
        """The card of this year can be filled in; older cards are kept to read."""
        return self.year >= timezone.localdate().year


class CardItemQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> CardItemQuerySet:
        """Everything on cards the actor may open; shared items of the actor's own team; for HR
        the shared items of the organisation, but never gezond items (AVG art. 9)."""
        person, organisation = "card__employee", "card__organisation"
        scope = OWN_OR_LED.q(actor, person, organisation) | (
            Q(shared=True) & SAME_TEAM.q(actor, person, organisation)
        )
        scope |= Q(shared=True) & ~Q(theme=Theme.GEZOND) & AS_HR.q(actor, person, organisation)
        return self.filter(scope)

    def shared(self) -> CardItemQuerySet:
        return self.filter(shared=True)


class CardItem(Revisioned):
    """A wish ("Wat wil ik?") or an agreement ("Wat spreken we af?") in one theme.

    Sharing is off by default; a gezond item is shared only after a second, explicit
    confirmation (``health_share_confirmed``), which the database enforces too.

    An agreement can be linked to a development point of the POP (``plan_point``, a
    one-to-one from the plan side). The text then lives in the point only: ``what`` is empty
    and ``text`` shows the point's goal (see ``services.link_to_plan``).
    """

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="items")
    theme = models.CharField(_("thema"), max_length=10, choices=Theme.choices)
    kind = models.CharField(_("soort"), max_length=10, choices=ItemKind.choices)
    what = models.TextField(_("wat"), max_length=500)
    who_helps = models.CharField(_("wie helpt?"), max_length=200, blank=True)
    when = models.CharField(_("wanneer?"), max_length=100, blank=True)
    shared = models.BooleanField(_("gedeeld met mijn team"), default=False)
    health_share_confirmed = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CardItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("punt op de kaart")
        verbose_name_plural = _("punten op de kaart")
        ordering = ["card", "theme", "kind", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(theme="gezond", shared=True, health_share_confirmed=False),
                name="gezond_shared_only_when_confirmed",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_health(self) -> bool:
        return self.theme == Theme.GEZOND

    @property
    def linked_point(self):
        """The POP point that holds this agreement's text, or None. Select ``plan_point``
        with the item to avoid a query per item."""
        return getattr(self, "plan_point", None)

    @property
    def is_linked(self) -> bool:
        return self.linked_point is not None

    @property
    def text(self) -> str:
        """What the card, the teamkaart and the PDFs show: one source of truth per
        agreement. Linked, that is the POP point's goal (or its title while the goal is
        empty); otherwise the card's own text."""
        point = self.linked_point
        if point is not None:
            return point.goal or point.title
        return self.what


class TeamCardQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> TeamCardQuerySet:
        """Members and managers of the team; HR of the organisation."""
        if actor.employee_id is None:
            return self.none()
        scoped = self.filter(in_organisation(actor))
        return scoped if actor.has_role(Role.HR) else scoped.filter(team_q(actor))


class TeamCard(models.Model):
    """The team's choices for its teamkaart: how names show (first names or initials)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="card")
    name_display = models.CharField(
        _("namen op de teamkaart"),
        max_length=12,
        choices=NameDisplay.choices,
        default=NameDisplay.FIRST_NAME,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("teamkaart")
        verbose_name_plural = _("teamkaarten")

    def __str__(self) -> str:
        return str(self.team)


class TeamAgreementQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> TeamAgreementQuerySet:
        return self.filter(
            team_card__in=TeamCard.objects.visible_to(actor).values("pk")  # type: ignore[attr-defined]
        )


class TeamAgreement(models.Model):
    """A gedeelde afspraak: something the team agrees on together, in one theme."""

    team_card = models.ForeignKey(TeamCard, on_delete=models.CASCADE, related_name="agreements")
    theme = models.CharField(_("thema"), max_length=10, choices=Theme.choices)
    text = models.CharField(_("afspraak"), max_length=300)
    written_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("gedeelde afspraak")
        verbose_name_plural = _("gedeelde afspraken")
        ordering = ["team_card", "theme", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
