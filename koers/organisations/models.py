"""Organisations (tenants), their departments and teams, and the people in them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access.relations import (
    AS_HR,
    AS_ORG_ADMIN,
    LED_NOW,
    OWN,
    in_organisation,
)
from koers.access.roles import Role
from koers.lib.concurrency import Revisioned
from koers.lib.dates import add_months, last_start_due_by
from koers.organisations.choices import SecondFactorRule

if TYPE_CHECKING:
    from koers.access.actor import Actor


# The optional personal fields of the POP form (001), grouped as an organisation switches
# them on or off. Off by default: data minimisation (AVG art. 5).
OPTIONAL_FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "address": ("street", "postcode", "city"),
    "private_phone": ("private_phone",),
    "birth": ("birth_date", "birthplace"),
    "gender": ("gender",),
    "nationality": ("nationality",),
}
ALL_OPTIONAL_FIELDS = frozenset(f for fields in OPTIONAL_FIELD_GROUPS.values() for f in fields)

DEFAULT_WHY_TEXT = _(
    "In een ontwikkelgesprek praten u en uw leidinggevende over wat u wilt leren en hoe u wilt "
    "groeien in uw werk. Het is geen beoordeling en geen loonronde. Samen maken we afspraken in "
    "uw persoonlijk ontwikkelingsplan (POP). Zo blijft uw werk passen bij wie u bent en wat u kunt."
)


class Organisation(Revisioned):
    """A tenant. Every other row in Koers belongs to exactly one organisation."""

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), unique=True)
    keeps_address = models.BooleanField(_("adres bewaren"), default=False)
    keeps_private_phone = models.BooleanField(_("privételefoon bewaren"), default=False)
    keeps_birth = models.BooleanField(_("geboortedatum en -plaats bewaren"), default=False)
    keeps_gender = models.BooleanField(_("geslacht bewaren"), default=False)
    keeps_nationality = models.BooleanField(_("nationaliteit bewaren"), default=False)
    conversation_interval_months = models.PositiveSmallIntegerField(
        _("gesprek elke (maanden)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("Na hoeveel maanden is het volgende gesprek nodig?"),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("bewaartermijn na uitdiensttreding (jaren)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    why_text = models.TextField(
        _("waarom wij ontwikkelgesprekken houden"), blank=True, default=DEFAULT_WHY_TEXT
    )
    second_factor_required = models.BooleanField(
        _("tweede factor verplicht"),
        default=True,
        help_text=_(
            "HR en beheerders kunnen Koers pas gebruiken als zij een tweede factor hebben "
            "ingesteld: een app met codes op de telefoon of een passkey."
        ),
    )
    second_factor_for_managers = models.BooleanField(
        _("tweede factor ook voor leidinggevenden"),
        default=False,
        help_text=_("Geldt alleen als de tweede factor verplicht is."),
    )
    work_day_starts = models.TimeField(
        _("werkdag begint om"),
        default=datetime.time(9, 0),
        help_text=_("Gesprekken voor een heel team worden binnen de werktijden gepland."),
    )
    work_day_ends = models.TimeField(_("werkdag eindigt om"), default=datetime.time(17, 0))
    closed_days = models.JSONField(
        _("gesloten dagen"),
        default=list,
        blank=True,
        help_text=_("Feestdagen en andere dagen waarop niet gewerkt wordt (datums, JJJJ-MM-DD)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def second_factor_rule(self) -> SecondFactorRule:
        if not self.second_factor_required:
            return SecondFactorRule.NOBODY
        if self.second_factor_for_managers:
            return SecondFactorRule.HR_ADMINS_AND_MANAGERS
        return SecondFactorRule.HR_AND_ADMINS

    def clean(self) -> None:
        super().clean()
        if (
            self.work_day_starts
            and self.work_day_ends
            and self.work_day_ends <= self.work_day_starts
        ):
            raise ValidationError({"work_day_ends": _("De werkdag moet eindigen na het begin.")})

    def closed_dates(self) -> set[datetime.date]:
        """The organisation's closed days (stored as ISO dates)."""
        return {datetime.date.fromisoformat(day) for day in self.closed_days or []}

    def kept_optional_fields(self) -> list[str]:
        """The optional personal fields this organisation keeps, in form order."""
        return [
            field
            for group, fields in OPTIONAL_FIELD_GROUPS.items()
            if getattr(self, f"keeps_{group}")
            for field in fields
        ]

    def only_kept(self, values: dict[str, Any]) -> dict[str, Any]:
        """Data minimisation: drop the personal fields this organisation does not keep, so
        that they are never stored."""
        kept = set(self.kept_optional_fields())
        return {k: v for k, v in values.items() if k not in ALL_OPTIONAL_FIELDS or k in kept}


class OrganisationScopedQuerySet(models.QuerySet):
    """Rows of one organisation; the default scope for structure every member may see."""

    def visible_to(self, actor: Actor) -> OrganisationScopedQuerySet:
        return self.filter(in_organisation(actor))


class Department(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("naam"), max_length=200)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="department_name_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Team(Revisioned):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("naam"), max_length=200)
    managers = models.ManyToManyField(
        "Employee", related_name="led_teams", blank=True, verbose_name=_("leidinggevenden")
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["department__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"], name="team_name_unique_in_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department.name} – {self.name}"


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("vast")
    FIXED_TERM = "fixed_term", _("tijdelijk")
    AGENCY = "agency", _("uitzend")
    ON_CALL = "on_call", _("oproep")
    SECONDMENT = "secondment", _("detachering")
    OTHER = "other", _("anders")


class EducationLevel(models.TextChoices):
    NONE = "none", _("geen diploma")
    PRIMARY = "primary", _("basisonderwijs")
    PRACTICAL = "practical", _("praktijkonderwijs")
    VMBO = "vmbo", _("vmbo")
    MBO1 = "mbo1", _("mbo 1")
    MBO2 = "mbo2", _("mbo 2")
    MBO3 = "mbo3", _("mbo 3")
    MBO4 = "mbo4", _("mbo 4")
    HAVO = "havo", _("havo")
    VWO = "vwo", _("vwo")
    HBO = "hbo", _("hbo")
    WO = "wo", _("wo")


# Who may see a person's record: themselves, their current manager, HR and the org admin.
PEOPLE_READERS = OWN | LED_NOW | AS_HR | AS_ORG_ADMIN


class Gender(models.TextChoices):
    MALE = "M", _("man")
    FEMALE = "V", _("vrouw")
    OTHER = "X", _("anders / zeg ik liever niet")


class EmployeeQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> EmployeeQuerySet:
        """The people an actor may see: HR and admin the organisation, a manager the teams
        they currently lead, everyone themselves. Other organisations: never."""
        return self.filter(PEOPLE_READERS.q(actor, person=""))

    def in_service(self, on: datetime.date | None = None) -> EmployeeQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(left_service_on__isnull=True) | Q(left_service_on__gt=on))

    def left_service(self, on: datetime.date | None = None) -> EmployeeQuerySet:
        on = on or timezone.localdate()
        return self.filter(left_service_on__lte=on)

    def due_for_erasure(
        self, organisation: Organisation, on: datetime.date, *, within_days: int = 0
    ) -> EmployeeQuerySet:
        """The organisation's people whose retention period after leaving service has passed
        by ``on`` (or will have, ``within_days`` later) and whose file is still there: what
        ``koers retention`` removes (issue 16)."""
        day = on + datetime.timedelta(days=within_days)
        cutoff = last_start_due_by(day, 12 * organisation.retention_years)
        return self.filter(
            organisation=organisation, erased_at__isnull=True, left_service_on__lte=cutoff
        )

    def search(self, text: str) -> EmployeeQuerySet:
        query = Q()
        for word in text.split():
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(name_prefix__icontains=word)
                | Q(personnel_number__icontains=word)
                | Q(function__icontains=word)
                | Q(email__icontains=word)
            )
        return self.filter(query)


# How a record whose file retention removed is named wherever it still appears (as the manager
# of someone else's talk, in the audit log).
ERASED_NAME = _("verwijderde medewerker")


class Employee(Revisioned):
    """A person with a development plan (medewerker); may or may not have a login."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="employees"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("team"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("login"),
    )
    personnel_number = models.CharField(_("personeelsnummer"), max_length=32)
    first_name = models.CharField(_("voornaam"), max_length=100)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=30, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150)
    initials = models.CharField(_("voorletters"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    function = models.CharField(_("functie"), max_length=200, blank=True)
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    in_service_since = models.DateField(_("in dienst sinds"), null=True, blank=True)
    left_service_on = models.DateField(_("uit dienst per"), null=True, blank=True)
    contract_type = models.CharField(
        _("soort contract"), max_length=20, choices=ContractType.choices, blank=True
    )
    education_level = models.CharField(
        _("opleidingsniveau"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    is_hr = models.BooleanField(_("HR-rol"), default=False)
    is_org_admin = models.BooleanField(_("beheerdersrol"), default=False)
    # Optional personal fields (OPTIONAL_FIELD_GROUPS): empty unless the organisation keeps them.
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    private_phone = models.CharField(_("telefoon privé"), max_length=30, blank=True)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    birthplace = models.CharField(_("geboorteplaats"), max_length=100, blank=True)
    gender = models.CharField(_("M / V"), max_length=1, choices=Gender.choices, blank=True)
    nationality = models.CharField(_("nationaliteit"), max_length=100, blank=True)
    # Set by ``koers retention`` once the file is gone: the record stays (the audit log
    # points at it) without a name or anything else of the person (issue 16).
    erased_at = models.DateTimeField(_("dossier verwijderd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "personnel_number"],
                name="personnel_number_unique_in_organisation",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"]),
            # A team's members in list order (the board, the teamkaart): searched by team, not
            # by walking the organisation's name index (issue 18).
            models.Index(
                fields=["organisation", "team", "last_name", "first_name"],
                name="employee_team_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        # Only an erased record has no name (first and last name are required): it is named
        # without reading ``erased_at``, which a query for names alone does not load.
        name = " ".join(
            part for part in (self.first_name, self.name_prefix, self.last_name) if part
        )
        return name or str(ERASED_NAME)

    @property
    def choice_label(self) -> str:
        """How a person reads in a list to choose from: two people of the same name in one
        team differ by their personnel number (issue 14: "Wendy Kok (Assemblage)" twice)."""
        number = _("nr. %(number)s") % {"number": self.personnel_number}
        if self.team_id is None:
            return f"{self.full_name} ({number})"
        return f"{self.full_name} ({self.team.name}, {number})"

    @property
    def sort_name(self) -> str:
        """'Jansen, Piet van' — as HR lists read."""
        if not self.last_name:
            return str(ERASED_NAME)
        rest = " ".join(part for part in (self.first_name, self.name_prefix) if part)
        return f"{self.last_name}, {rest}" if rest else self.last_name

    def kept_personal_values(self) -> list[tuple[str, object]]:
        """(label, value) of the optional personal fields the organisation keeps."""
        values = []
        for name in self.organisation.kept_optional_fields():
            field = self._meta.get_field(name)
            display = getattr(self, f"get_{name}_display", None)
            values.append((str(field.verbose_name), display() if display else getattr(self, name)))
        return values

    @property
    def erase_on(self) -> datetime.date | None:
        """The day ``koers retention`` removes the file: the organisation's retention period
        after leaving service (issue 16)."""
        if self.left_service_on is None or self.erased_at is not None:
            return None
        return add_months(self.left_service_on, 12 * self.organisation.retention_years)

    def is_in_service(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.left_service_on is None or self.left_service_on > on


class EmployeeImportQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> EmployeeImportQuerySet:
        """Imports of the actor's own organisation, for HR and org admin only."""
        if not actor.has_role(Role.HR, Role.ORG_ADMIN):
            return self.none()
        return self.filter(in_organisation(actor))


class EmployeeImport(models.Model):
    """An uploaded employee file: checked first (dry run), applied at most once.

    ``rows`` holds the cells as read from the file, so that applying re-validates against
    the database as it is then; it is emptied once the import is applied or refused
    (data minimisation). ``report`` holds the outcome per row.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", _("gecontroleerd")
        APPLIED = "applied", _("geïmporteerd")
        FAILED = "failed", _("afgekeurd")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="employee_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    applied_at = models.DateTimeField(_("geïmporteerd op"), null=True, blank=True)
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    file_errors = models.JSONField(default=list)
    report = models.JSONField(default=list)
    created_count = models.PositiveIntegerField(_("nieuw"), default=0)
    updated_count = models.PositiveIntegerField(_("bijwerken"), default=0)
    unchanged_count = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    error_count = models.PositiveIntegerField(_("fouten"), default=0)

    objects = EmployeeImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import van medewerkers")
        verbose_name_plural = _("imports van medewerkers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def can_apply(self) -> bool:
        return self.status == self.Status.CHECKED and not self.error_count


class ActivationQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ActivationQuerySet:
        """HR and the org admin see the activations of their organisation's people (never
        a code: Koers does not keep it); the person sees their own."""
        return self.filter((OWN | AS_HR | AS_ORG_ADMIN).q(actor, organisation="organisation"))

    def open(self, now: datetime.datetime | None = None) -> ActivationQuerySet:
        """Not used, not voided, not expired."""
        return self.filter(
            used_at__isnull=True, voided_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Activation(models.Model):
    """The one way a login gets its first password (or a new one after a reset): a one-time
    code with which the person chooses their own. Nobody but the person ever knows their
    password, so HR never sets one and never sees the code again after the letter.

    By e-mail, the code is in a link; on paper, it is printed in the activation letter with a
    QR code. Koers keeps only keyed hashes of the code (``activation_codes``). Valid for
    ``VALID_DAYS``; voided by a newer activation, a reset or too many wrong attempts."""

    VALID_DAYS = 14
    MAX_WRONG_ATTEMPTS = 5

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        LETTER = "letter", _("brief")

    class VoidReason(models.TextChoices):
        REPLACED = "replaced", _("vervangen door een nieuwe")
        ATTEMPTS = "attempts", _("te vaak een verkeerde code")
        LOGIN_STOPPED = "stopped", _("login gestopt")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activations"
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="activations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activations"
    )
    granted_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    channel = models.CharField(_("via"), max_length=10, choices=Channel.choices)
    lookup = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    voided_at = models.DateTimeField(_("ongeldig sinds"), null=True, blank=True)
    void_reason = models.CharField(
        _("reden"), max_length=10, choices=VoidReason.choices, blank=True
    )
    wrong_attempts = models.PositiveSmallIntegerField(_("verkeerde pogingen"), default=0)

    objects = ActivationQuerySet.as_manager()

    class Meta:
        verbose_name = _("activering")
        verbose_name_plural = _("activeringen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.employee} ({self.get_channel_display()}, {self.created_at:%Y-%m-%d})"

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        return self.state(now) == "open"

    def state(self, now: datetime.datetime | None = None) -> str:
        """``used``, ``voided``, ``expired`` or ``open``: derived, never stored."""
        if self.used_at is not None:
            return "used"
        if self.voided_at is not None:
            return "voided"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "open"

    @property
    def last_valid_day(self) -> datetime.date:
        """The last day on which the code works (it expires at the start of the next)."""
        return timezone.localdate(self.expires_at) - datetime.timedelta(days=1)


class ActivationFailureQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ActivationFailureQuerySet:
        """Wrong codes by network address: for the throttle only, nobody reads them."""
        return self.none()


class ActivationFailure(models.Model):
    """A wrong activation code from one network address: more than a few an hour from one
    address and that address may try no more codes for a while (brute force across codes)."""

    address = models.GenericIPAddressField(db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ActivationFailureQuerySet.as_manager()

    class Meta:
        verbose_name = _("verkeerde activeringscode")
        verbose_name_plural = _("verkeerde activeringscodes")

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"


ERASED_PLANNED = "cost_planned"
ERASED_SPENT = "cost_spent"
ERASED_RATING = "rating"


class ErasedFigureQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ErasedFigureQuerySet:
        """Sums of the organisation's erased files: for the figures of HR and the budget."""
        if not actor.has_role(Role.HR, Role.ORG_ADMIN):
            return self.none()
        return self.filter(in_organisation(actor))


class ErasedFigure(models.Model):
    """What the figures keep of files that retention erased (issue 16): per department and
    year, a sum, a count and a number of people — never one person's row. The budget adds
    the erased activities' cost of a year; the talk's average mark adds the erased marks.

    Keys: ``cost_planned`` and ``cost_spent`` (``total`` in euro, by the year the activity
    counted in), ``rating`` (``total`` the sum of the marks, no year)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))

    objects = ErasedFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("cijfer van verwijderde dossiers")
        verbose_name_plural = _("cijfers van verwijderde dossiers")
        indexes = [models.Index(fields=["organisation", "key", "year"])]

    def __str__(self) -> str:
        return f"{self.key} {self.year or ''} {self.total}"
