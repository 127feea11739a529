"""What a notice says, rendered when it is read (in the reader's active language) or mailed
(in the recipient's, see ``outbox``).

A notice stores its kind and parameters: codes, numbers, ISO dates and ids. The names and
descriptions a text mentions are read at render time from the rows those ids point to, so a
notice keeps no copy of what someone typed; a row that is gone is named generically. The
parameters per kind, as the reminder rules and the course answer write them:

| kind | params |
|---|---|
| invitation_unanswered, preparation_not_shared | ``talk_on`` (date of the talk) |
| signature_waiting | ``waits_for``: ``employee`` or ``manager`` |
| course_not_started | ``to``: ``employee`` or ``manager``; ``starts_on``; ``not_registered`` |
| activity_overdue | ``employer`` (an employer commitment); ``due`` |
| course_check | (none: the activity is the subject) |
| course_answer | ``answer`` (a CourseAnswer code); ``activity``; ``with_note`` |
| conversation_due | ``months``; ``last_talk_on`` (absent before the first); ``agreed_on`` |
| correction_asked | ``document`` (``pop`` or ``conversation_report``) |
| signed_copy | ``document``; ``number`` (the signed version) |
| point_added | ``category`` (a Category code) |
| account_changed | ``change`` (the audit verb); ``role`` (a Role code, for role changes) |
| rating_asked | (none: the talk is the subject) |
| data_correction_asked | ``field`` (an employee field's name, or ``other``); subject: the person |
| data_correction_answered | ``field``; ``outcome`` (``corrected`` or ``declined``) |

The last five (and signature_waiting, too) are made on the event: see ``on_event``.

``agreed_on``: the date agreed in the Afsluiting of the last talk, when there is one.

Rows made before migration 0002 have no params: they show the sentence they were written with.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from koers.access.roles import Role
from koers.followup.models import CourseAnswer, Notice, NoticeKind
from koers.organisations.models import Employee
from koers.plans.models import Activity, Category

EMPLOYEE = "employee"
MANAGER = "manager"
# The signed document kinds a text names (koers.signing.documents kinds).
REPORT = "conversation_report"
# The kinds whose subject is an activity (the others: a conversation, a version, a check-in
# or an employee).
ACTIVITY_SUBJECT = (
    NoticeKind.COURSE_NOT_STARTED,
    NoticeKind.ACTIVITY_OVERDUE,
    NoticeKind.COURSE_CHECK,
)


def recipient_language(employee: Employee) -> str:
    """The language a recipient reads Koers in: their login's choice; Dutch (the
    organisation default) for someone without a login."""
    user = employee.user
    language = getattr(user, "language", "") if user is not None else ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _day(value: str | None) -> str:
    if not value:
        return _("onbekende datum")
    return date_format(datetime.date.fromisoformat(value), "j F Y")


@dataclass
class _Activity:
    description: str
    employee: str


class NoticeTexts:
    """The texts of a batch of notices. The activities and people they mention are read in
    two queries, whatever the size of the batch; render each text in the language it is
    read in (the lookups hold no translated text, so one batch serves several languages)."""

    def __init__(self, notices: Iterable[Notice]) -> None:
        activity_ids: set[int] = set()
        employee_ids: set[int] = set()
        for notice in notices:
            params = notice.params or {}
            if notice.kind in ACTIVITY_SUBJECT:
                activity_ids.add(notice.subject_id)
            elif notice.kind == NoticeKind.COURSE_ANSWER and params.get("activity"):
                activity_ids.add(params["activity"])
            elif notice.kind in (NoticeKind.CONVERSATION_DUE, NoticeKind.DATA_CORRECTION_ASKED):
                employee_ids.add(notice.subject_id)
        self.activities: dict[int, _Activity] = {}
        if activity_ids:
            for activity in Activity.objects.filter(pk__in=activity_ids).select_related(
                "point__plan__employee"
            ):
                self.activities[activity.pk] = _Activity(
                    activity.description, activity.point.plan.employee.full_name
                )
        self.people: dict[int, str] = {}
        if employee_ids:
            self.people = {
                person.pk: person.full_name
                for person in Employee.objects.filter(pk__in=employee_ids).only(
                    "first_name", "name_prefix", "last_name"
                )
            }

    def text(self, notice: Notice) -> str:
        """What the notice says, in the active language."""
        if notice.params is None:
            return notice.legacy_why or capfirst(notice.get_kind_display())
        render = RENDER.get(notice.kind)
        if render is None:
            return capfirst(notice.get_kind_display())
        return capfirst(render(self, notice, notice.params))

    # -- what the texts mention ---------------------------------------------------------

    def _activity(self, activity_id: Any) -> _Activity:
        found = self.activities.get(activity_id)
        return found or _Activity(_("een activiteit"), _("een medewerker"))

    def _person(self, employee_id: int) -> str:
        return self.people.get(employee_id) or _("een medewerker")

    # -- one method per kind ------------------------------------------------------------

    def _invitation_unanswered(self, notice: Notice, params: dict[str, Any]) -> str:
        return _(
            "U bent uitgenodigd voor een ontwikkelgesprek op %(day)s. Bereid het gesprek "
            "voor: dan weet uw leidinggevende wat u belangrijk vindt."
        ) % {"day": _day(params.get("talk_on"))}

    def _preparation_not_shared(self, notice: Notice, params: dict[str, Any]) -> str:
        return _(
            "Uw gesprek is op %(day)s. U heeft uw voorbereiding nog niet gedeeld met uw "
            "leidinggevende. U bepaalt zelf of en wanneer u dat doet."
        ) % {"day": _day(params.get("talk_on"))}

    def _signature_waiting(self, notice: Notice, params: dict[str, Any]) -> str:
        if params.get("waits_for") == MANAGER:
            return _("De medewerker heeft getekend; het document wacht op uw handtekening.")
        return _("Er ligt een document klaar dat u moet lezen en tekenen.")

    def _course_not_started(self, notice: Notice, params: dict[str, Any]) -> str:
        activity = self._activity(notice.subject_id)
        values = {
            "what": activity.description,
            "name": activity.employee,
            "day": _day(params.get("starts_on")),
        }
        if params.get("to") == EMPLOYEE:
            text = _(
                "%(what)s zou op %(day)s beginnen, maar is nog niet als begonnen gemeld. "
                "Is het begonnen? Laat het uw leidinggevende weten."
            )
        elif params.get("not_registered"):
            text = _(
                "%(what)s van %(name)s zou op %(day)s beginnen, maar %(name)s is nog niet "
                "eens aangemeld."
            )
        else:
            text = _(
                "%(what)s van %(name)s zou op %(day)s beginnen, maar is nog niet als "
                "begonnen gemeld. Kijk of het echt begonnen is."
            )
        return text % values

    def _activity_overdue(self, notice: Notice, params: dict[str, Any]) -> str:
        activity = self._activity(notice.subject_id)
        values = {
            "what": activity.description,
            "name": activity.employee,
            "day": _day(params.get("due")),
        }
        if params.get("employer"):
            return (
                _(
                    "Toezegging van de werkgever voor %(name)s: %(what)s had op %(day)s "
                    "geregeld moeten zijn. Afspraken uit het POP komen eerst vanuit de leiding."
                )
                % values
            )
        return _("%(what)s had op %(day)s klaar moeten zijn. Hoe staat het ermee?") % values

    def _course_check(self, notice: Notice, params: dict[str, Any]) -> str:
        return _("Is de cursus echt begonnen? Hoe gaat het? (%(what)s)") % {
            "what": self._activity(notice.subject_id).description
        }

    def _course_answer(self, notice: Notice, params: dict[str, Any]) -> str:
        activity = self._activity(params.get("activity"))
        answer = params.get("answer", "")
        text = _("%(name)s over %(what)s: %(answer)s.") % {
            "name": activity.employee,
            "what": activity.description,
            "answer": CourseAnswer(answer).label if answer in CourseAnswer.values else answer,
        }
        if params.get("with_note"):
            # The note itself stays with the progress notes: it may say more than belongs in
            # a notice or an e-mail.
            text += " " + _("De toelichting staat bij de voortgang.")
        return text

    def _conversation_due(self, notice: Notice, params: dict[str, Any]) -> str:
        name = self._person(notice.subject_id)
        if params.get("agreed_on") and params.get("last_talk_on"):
            return _(
                "Het volgende ontwikkelgesprek met %(name)s is nodig: in het vorige gesprek, "
                "op %(last)s, is afgesproken om rond %(agreed)s weer te praten."
            ) % {
                "name": name,
                "last": _day(params["last_talk_on"]),
                "agreed": _day(params["agreed_on"]),
            }
        if params.get("last_talk_on"):
            return _(
                "Het volgende ontwikkelgesprek met %(name)s is nodig: het vorige was op "
                "%(last)s en de afspraak was om de %(months)s maanden te praten."
            ) % {"name": name, "last": _day(params["last_talk_on"]), "months": params["months"]}
        return _(
            "%(name)s heeft nog geen ontwikkelgesprek gehad. Plan het gesprek minstens "
            "twee weken vooruit."
        ) % {"name": name}

    def _correction_asked(self, notice: Notice, params: dict[str, Any]) -> str:
        if params.get("document") == REPORT:
            return _(
                "De medewerker vraagt een correctie van het gespreksverslag. Pas het verslag "
                "aan en bied de nieuwe versie ter ondertekening aan."
            )
        return _(
            "De medewerker vraagt een correctie van het POP. Pas het plan aan en zet de "
            "nieuwe versie klaar om te tekenen."
        )

    def _signed_copy(self, notice: Notice, params: dict[str, Any]) -> str:
        values = {"number": params.get("number", "")}
        if params.get("document") == REPORT:
            text = _(
                "U en uw leidinggevende hebben versie %(number)s van het gespreksverslag "
                "getekend. Dit is uw kopie (pdf)."
            )
        else:
            text = _(
                "U en uw leidinggevende hebben versie %(number)s van uw POP getekend. Dit is "
                "uw kopie (pdf)."
            )
        return text % values

    def _point_added(self, notice: Notice, params: dict[str, Any]) -> str:
        category = params.get("category", "")
        if category in Category.values:
            return _("Er is een aandachtspunt aan uw POP toegevoegd (%(category)s).") % {
                "category": Category(category).label
            }
        return _("Er is een aandachtspunt aan uw POP toegevoegd.")

    def _rating_asked(self, notice: Notice, params: dict[str, Any]) -> str:
        return _("Wat vond u van het gesprek? Geef het een cijfer. Dat mag ook 'liever niet' zijn.")

    def _account_changed(self, notice: Notice, params: dict[str, Any]) -> str:
        change = params.get("change")
        role = params.get("role", "")
        role_name = Role(role).label if role in Role.values else role
        if change == "login.granted":
            return _("U heeft een login voor Koers gekregen.")
        if change == "person.role_granted":
            return _("U heeft in Koers de rol %(role)s gekregen.") % {"role": role_name}
        if change == "person.role_revoked":
            return _("Uw rol %(role)s in Koers is ingetrokken.") % {"role": role_name}
        return _(
            "Uw toegang tot Koers is opnieuw ingesteld: uw oude wachtwoord werkt niet meer. "
            "U kiest zelf een nieuw wachtwoord met de activering die u krijgt."
        )

    def _data_correction_asked(self, notice: Notice, params: dict[str, Any]) -> str:
        return _(
            "%(person)s meldt dat een gegeven niet klopt: %(field)s. Pas het aan, of leg uit "
            "waarom niet."
        ) % {"person": self._person(notice.subject_id), "field": _field_label(params)}

    def _data_correction_answered(self, notice: Notice, params: dict[str, Any]) -> str:
        values = {"field": _field_label(params)}
        if params.get("outcome") == "corrected":
            return _("HR heeft %(field)s verbeterd, zoals u vroeg.") % values
        return _("HR heeft %(field)s niet aangepast. Bij Mijn gegevens leest u waarom.") % values


def _field_label(params: dict[str, Any]) -> str:
    """The employee field a correction is about (koers.privacy.choices), by its name."""
    name = params.get("field", "")
    try:
        return str(Employee._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return _("iets anders")


RENDER: dict[str, Callable[[NoticeTexts, Notice, dict[str, Any]], str]] = {
    NoticeKind.INVITATION_UNANSWERED: NoticeTexts._invitation_unanswered,
    NoticeKind.PREPARATION_NOT_SHARED: NoticeTexts._preparation_not_shared,
    NoticeKind.SIGNATURE_WAITING: NoticeTexts._signature_waiting,
    NoticeKind.COURSE_NOT_STARTED: NoticeTexts._course_not_started,
    NoticeKind.ACTIVITY_OVERDUE: NoticeTexts._activity_overdue,
    NoticeKind.COURSE_CHECK: NoticeTexts._course_check,
    NoticeKind.COURSE_ANSWER: NoticeTexts._course_answer,
    NoticeKind.CONVERSATION_DUE: NoticeTexts._conversation_due,
    NoticeKind.CORRECTION_ASKED: NoticeTexts._correction_asked,
    NoticeKind.SIGNED_COPY: NoticeTexts._signed_copy,
    NoticeKind.POINT_ADDED: NoticeTexts._point_added,
    NoticeKind.ACCOUNT_CHANGED: NoticeTexts._account_changed,
    NoticeKind.RATING_ASKED: NoticeTexts._rating_asked,
    NoticeKind.DATA_CORRECTION_ASKED: NoticeTexts._data_correction_asked,
    NoticeKind.DATA_CORRECTION_ANSWERED: NoticeTexts._data_correction_answered,
}


def with_texts(notices: Iterable[Notice]) -> list[Notice]:
    """The notices, each with ``text`` rendered in the active language (for a page)."""
    notices = list(notices)
    texts = NoticeTexts(notices)
    for notice in notices:
        notice.text = texts.text(notice)
    return notices
