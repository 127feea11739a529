"""Bare views: each key page's rows with its minimal SQL, rendered as a plain table.

The limit a Koers page is measured against (issue 18): the same data, the same middleware,
session and login, but plain SQL (a few set-based queries, no ORM, no access layer, no
audit event) and a plain HTML table instead of the layout. They read what the page shows,
not every rule behind it: a person's coverage uses the organisation's interval, the notice
list skips the "reason still holds" check, the POP page writes no read event. So the bare
view is a lower bound, never a second implementation. Only ``bench.urls`` serves them.
"""

# The SQL is put together from constants and placeholder lists only (``_in``); every value
# goes in as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import escape

PAGE_SIZE = 25
OPEN_TALK = ("planned", "preparing")
HELD_TALK = ("held", "reported", "signed")
OPEN_ACTIVITY = ("planned", "registered", "started")
COUNTED = ("planned", "registered", "started", "completed")
KEPT = ("registered", "started", "completed")
_content_types: dict[str, int] = {}


@dataclass(frozen=True)
class Me:
    employee_id: int
    organisation_id: int
    team_id: int | None
    led_team_ids: tuple[int, ...]


def _rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in(values: Iterable[Any]) -> str:
    """``%s, %s, …`` for an IN list (never empty: ``NULL`` matches nothing)."""
    values = list(values)
    return ", ".join(["%s"] * len(values)) if values else "NULL"


def _day(value: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _moment(value: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _date_of(column: str) -> str:
    return f"date({column})" if connection.vendor == "sqlite" else f"CAST({column} AS date)"


def _no_index(column: str) -> str:
    """SQLite's way of saying "not by this column's index" (a unary +): without statistics
    it would start from the index on a few statuses and read most of the table."""
    return f"+{column}" if connection.vendor == "sqlite" else column


def _content_type(model: str) -> int:
    """The id of ``app.model`` in django_content_type (once per process, as Django does)."""
    if model not in _content_types:
        app, name = model.split(".")
        _content_types[model] = _rows(
            "SELECT id FROM django_content_type WHERE app_label = %s AND model = %s", (app, name)
        )[0][0]
    return _content_types[model]


def _me(request: HttpRequest) -> Me:
    """Who is asking: the actor every request of Koers loads already (the middleware asks
    it for the second-factor rule), so the bare views pay for it as the pages do."""
    actor = request.actor
    if actor.employee_id is None:
        raise Http404
    return Me(actor.employee_id, actor.organisation_id, actor.team_id, tuple(actor.led_team_ids))


def _page(title: str, *tables: str) -> HttpResponse:
    return HttpResponse(
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title></head><body><h1>{escape(title)}</h1>{''.join(tables)}</body></html>"
    )


def _table(caption: str, head: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape('' if v is None else v)}</td>" for v in row) + "</tr>"
        for row in rows
    )
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f"<table><caption>{escape(caption)}</caption><tr>{header}</tr>{cells}</table>"


def _in_service(alias: str = "e") -> str:
    return f"({alias}.left_service_on IS NULL OR {alias}.left_service_on > %s)"


def _as_date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


# --- the manager's board ------------------------------------------------------------------


def board(request: HttpRequest) -> HttpResponse:
    """``/dashboard/`` as a manager: per person of the teams I lead, last and next talk,
    interval, current plan and its state, counts of live activities; the live activities."""
    me = _me(request)
    today, now = timezone.localdate(), timezone.now()
    plan_type = _content_type("plans.developmentplan")
    teams = me.led_team_ids
    people = _rows(
        "SELECT e.id, e.first_name, e.last_name, e.in_service_since, "
        "COALESCE(ci.months, o.conversation_interval_months), "
        "(SELECT MAX(c.starts_at) FROM conversations_conversation c "
        f" WHERE c.employee_id = e.id AND c.status IN ({_in(HELD_TALK)})), "
        "(SELECT MIN(c.starts_at) FROM conversations_conversation c "
        f" WHERE c.employee_id = e.id AND c.status IN ({_in(OPEN_TALK)}) AND c.starts_at > %s), "
        "p.id, (SELECT v.status FROM signing_version v WHERE v.subject_type_id = %s "
        " AND v.subject_id = p.id ORDER BY v.number DESC LIMIT 1) "
        "FROM organisations_employee e "
        "JOIN organisations_organisation o ON o.id = e.organisation_id "
        "LEFT JOIN followup_conversationinterval ci ON ci.employee_id = e.id "
        "LEFT JOIN plans_developmentplan p ON p.employee_id = e.id "
        " AND p.period_start <= %s AND p.period_end >= %s "
        f"WHERE e.team_id IN ({_in(teams)}) AND e.id <> %s AND {_in_service()} "
        "ORDER BY e.last_name, e.first_name, e.id",
        (
            *HELD_TALK,
            *OPEN_TALK,
            _moment(now),
            plan_type,
            _day(today),
            _day(today),
            *teams,
            me.employee_id,
            _day(today),
        ),
    )
    activities = _team_activities(teams, me.employee_id, today, plan_type)
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in activities:
        person, owner, status, kind, start, due, end = row[0], row[4], row[5], row[3], *row[6:9]
        flags = counts[person]
        flags["open"] += 1
        late = (end is not None and end < today) or (
            owner == "employer" and status == "planned" and due is not None and due < today
        )
        flags["overdue"] += late
        flags["employer_open"] += owner == "employer" and status == "planned"
        flags["not_started"] += (
            kind in ("course", "internal")
            and status in ("planned", "registered")
            and start is not None
            and start < today
        )
    return _page(
        "Mijn team",
        _table(
            "Mensen",
            ("naam", "in dienst", "termijn", "laatste", "volgende", "POP", "open", "te laat"),
            (
                (
                    f"{first} {last}",
                    since,
                    months,
                    last_talk,
                    next_talk,
                    state or "geen",
                    counts[pk]["open"],
                    counts[pk]["overdue"],
                )
                for pk, first, last, since, months, last_talk, next_talk, _plan, state in people
            ),
        ),
        _table(
            "Afspraken",
            ("wie", "wat", "soort", "regelt", "voortgang", "vanaf"),
            (row[1:7] for row in activities),
        ),
    )


def _team_activities(
    teams: Sequence[int], me: int, today: datetime.date, plan_type: int
) -> list[tuple[Any, ...]]:
    """Live activities (open, of an agreed plan that runs, the employee in service) of the
    teams: (employee, name, description, kind, owner, status, from, due, end)."""
    rows = _rows(
        "SELECT e.id, e.first_name || ' ' || e.last_name, a.description, a.kind, a.owner, "
        "a.status, a.period_from, COALESCE(a.period_from, a.period_to, pt.deadline), "
        "COALESCE(a.period_to, pt.deadline) "
        "FROM plans_activity a "
        "JOIN plans_developmentpoint pt ON pt.id = a.point_id "
        "JOIN plans_developmentplan p ON p.id = pt.plan_id "
        "JOIN organisations_employee e ON e.id = p.employee_id "
        f"WHERE e.team_id IN ({_in(teams)}) AND e.id <> %s AND {_in_service()} "
        f"AND p.period_end >= %s AND {_no_index('a.status')} IN ({_in(OPEN_ACTIVITY)}) "
        "AND EXISTS (SELECT 1 FROM signing_version v WHERE v.subject_type_id = %s "
        " AND v.subject_id = p.id AND v.status = 'signed') "
        "ORDER BY 8, a.id",
        (*teams, me, _day(today), _day(today), *OPEN_ACTIVITY, plan_type),
    )
    return [(*row[:6], _as_date(row[6]), _as_date(row[7]), _as_date(row[8])) for row in rows]


# --- the employee's own page --------------------------------------------------------------


def my_course(request: HttpRequest) -> HttpResponse:
    """``/dashboard/me/``: my next talk, the last one, my plan's activities and progress,
    my latest notes, held talks still to rate."""
    me = _me(request)
    today, now = timezone.localdate(), timezone.now()
    plan_type = _content_type("plans.developmentplan")
    person = _rows(
        "SELECT e.first_name, e.last_name, COALESCE(ci.months, o.conversation_interval_months), "
        "(SELECT MAX(c.starts_at) FROM conversations_conversation c "
        f" WHERE c.employee_id = e.id AND c.status IN ({_in(HELD_TALK)})) "
        "FROM organisations_employee e "
        "JOIN organisations_organisation o ON o.id = e.organisation_id "
        "LEFT JOIN followup_conversationinterval ci ON ci.employee_id = e.id WHERE e.id = %s",
        (*HELD_TALK, me.employee_id),
    )
    next_talk = _rows(
        "SELECT c.starts_at, c.place, m.first_name, m.last_name, t.name "
        "FROM conversations_conversation c "
        "JOIN organisations_employee m ON m.id = c.manager_id "
        "JOIN conversations_conversationtype t ON t.id = c.conversation_type_id "
        f"WHERE c.employee_id = %s AND c.status IN ({_in(OPEN_TALK)}) AND c.starts_at > %s "
        "ORDER BY c.starts_at LIMIT 1",
        (me.employee_id, *OPEN_TALK, _moment(now)),
    )
    plan = _rows(
        "SELECT p.id, p.period_start, p.period_end, EXISTS (SELECT 1 FROM signing_version v "
        " WHERE v.subject_type_id = %s AND v.subject_id = p.id AND v.status = 'signed') "
        "FROM plans_developmentplan p WHERE p.employee_id = %s "
        "ORDER BY CASE WHEN p.period_start <= %s AND p.period_end >= %s THEN 0 ELSE 1 END, "
        "p.period_start DESC LIMIT 1",
        (plan_type, me.employee_id, _day(today), _day(today)),
    )
    activities = (
        _rows(
            "SELECT a.description, a.kind, a.owner, a.status, "
            "COALESCE(a.period_from, a.period_to, pt.deadline) "
            "FROM plans_activity a JOIN plans_developmentpoint pt ON pt.id = a.point_id "
            "WHERE pt.plan_id = %s ORDER BY 5, a.id",
            (plan[0][0],),
        )
        if plan
        else []
    )
    notes = _rows(
        "SELECT n.created_at, n.kind, n.text FROM followup_checkin n "
        "JOIN plans_developmentplan p ON p.id = n.plan_id "
        "WHERE p.employee_id = %s ORDER BY n.created_at DESC, n.id DESC LIMIT 5",
        (me.employee_id,),
    )
    to_rate = _rows(
        "SELECT c.id, c.starts_at FROM conversations_conversation c "
        "LEFT JOIN conversations_talkrating r ON r.conversation_id = c.id "
        "WHERE c.employee_id = %s AND c.status IN ('held', 'reported') AND r.id IS NULL "
        "ORDER BY c.starts_at DESC LIMIT 3",
        (me.employee_id,),
    )
    live = [a for a in activities if plan and plan[0][3] and a[3] in OPEN_ACTIVITY]
    progress = Counter(a[3] for a in activities)
    return _page(
        "Mijn koers",
        _table("Ik", ("naam", "termijn", "laatste gesprek"), person),
        _table("Volgend gesprek", ("wanneer", "waar", "met", "", "soort"), next_talk),
        _table("Mijn POP", ("nummer", "vanaf", "tot", "getekend"), plan),
        _table(
            "Wat ik doe en wat mijn werkgever doet", ("wat", "soort", "wie", "stand", "op"), live
        ),
        _table("Voortgang", ("stand", "aantal"), sorted(progress.items())),
        _table("Notities", ("op", "soort", "tekst"), notes),
        _table("Nog beoordelen", ("gesprek", "op"), to_rate),
    )


# --- the POP page -------------------------------------------------------------------------


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """``/plans/<pk>/`` as its employee: the plan with its person, points and activities
    with totals, trainings, versions with their signatures."""
    me = _me(request)
    found = _rows(
        "SELECT p.id, p.period_start, p.period_end, p.work_experience, e.first_name, "
        "e.last_name, e.personnel_number, e.function, t.name, d.name, o.name "
        "FROM plans_developmentplan p "
        "JOIN organisations_employee e ON e.id = p.employee_id "
        "JOIN organisations_organisation o ON o.id = p.organisation_id "
        "LEFT JOIN organisations_team t ON t.id = e.team_id "
        "LEFT JOIN organisations_department d ON d.id = t.department_id "
        "WHERE p.id = %s AND p.organisation_id = %s",
        (pk, me.organisation_id),
    )
    if not found:
        raise Http404
    points = _rows(
        "SELECT pt.category, pt.title, pt.goal, pt.deadline, a.description, a.kind, a.owner, "
        "a.status, a.cost, a.period_from, a.period_to "
        "FROM plans_developmentpoint pt LEFT JOIN plans_activity a ON a.point_id = pt.id "
        "WHERE pt.plan_id = %s ORDER BY pt.position, pt.id, a.id",
        (pk,),
    )
    versions = _rows(
        "SELECT v.number, v.status, v.frozen_at, s.party, s.choice, s.signed_at "
        "FROM signing_version v LEFT JOIN signing_signature s ON s.version_id = v.id "
        "WHERE v.subject_type_id = %s AND v.subject_id = %s ORDER BY v.number, s.party",
        (_content_type("plans.developmentplan"), pk),
    )
    trainings = _rows(
        "SELECT name, year, diploma, institute FROM plans_training WHERE plan_id = %s "
        "ORDER BY year, id",
        (pk,),
    )
    totals: Counter[str] = Counter()
    for row in points:
        if row[7] in COUNTED and row[8] is not None:
            totals[row[0]] += Decimal(row[8])
            totals["totaal"] += Decimal(row[8])
    return _page(
        "POP",
        _table(
            "Medewerker",
            (
                "POP",
                "vanaf",
                "tot",
                "ervaring",
                "voornaam",
                "naam",
                "nummer",
                "functie",
                "team",
                "afdeling",
                "organisatie",
            ),
            found,
        ),
        _table(
            "Ontwikkelpunten",
            (
                "soort",
                "punt",
                "doel",
                "klaar op",
                "activiteit",
                "soort",
                "wie",
                "stand",
                "kosten",
                "vanaf",
                "tot",
            ),
            points,
        ),
        _table("Kosten", ("soort", "bedrag"), sorted(totals.items())),
        _table("Opleidingen", ("naam", "jaar", "diploma", "instituut"), trainings),
        _table(
            "Versies", ("versie", "stand", "vastgelegd", "partij", "keuze", "getekend"), versions
        ),
    )


# --- the teamkaart ------------------------------------------------------------------------


def teamkaart(request: HttpRequest, team_id: int) -> HttpResponse:
    """``/teams/<id>/card/`` as its manager: the shared items of each member's current card,
    the team's agreements, and the members with how many items their cards hold."""
    me = _me(request)
    if team_id not in me.led_team_ids and team_id != me.team_id:
        raise Http404
    today = timezone.localdate()
    team = _rows(
        "SELECT t.name, tc.id, tc.name_display FROM organisations_team t "
        "LEFT JOIN cards_teamcard tc ON tc.team_id = t.id WHERE t.id = %s",
        (team_id,),
    )
    items = _rows(
        "SELECT e.first_name, i.theme, i.kind, i.what, pt.goal FROM cards_carditem i "
        "JOIN cards_card c ON c.id = i.card_id "
        "JOIN organisations_employee e ON e.id = c.employee_id "
        "LEFT JOIN plans_developmentpoint pt ON pt.card_item_id = i.id "
        f"WHERE e.team_id = %s AND {_in_service()} AND i.shared = %s "
        "AND c.year = (SELECT MAX(c2.year) FROM cards_card c2 WHERE c2.employee_id = e.id) "
        "ORDER BY e.first_name, i.created_at, i.id",
        (team_id, _day(today), True),
    )
    agreements = _rows(
        "SELECT a.theme, a.text FROM cards_teamagreement a WHERE a.team_card_id = %s ORDER BY a.id",
        (team[0][1] if team else None,),
    )
    members = (
        _rows(
            "SELECT e.first_name, e.last_name, COUNT(i.id) FROM organisations_employee e "
            "LEFT JOIN cards_card c ON c.employee_id = e.id "
            "LEFT JOIN cards_carditem i ON i.card_id = c.id "
            f"WHERE e.team_id = %s AND {_in_service()} "
            "GROUP BY e.id, e.first_name, e.last_name ORDER BY e.first_name, e.last_name",
            (team_id, _day(today)),
        )
        if team_id in me.led_team_ids
        else []
    )
    return _page(
        "Teamkaart",
        _table("Team", ("naam", "kaart", "namen"), team),
        _table("Gedeeld", ("wie", "thema", "soort", "wat", "in het POP"), items),
        _table("Afspraken", ("thema", "afspraak"), agreements),
        _table("Leden", ("voornaam", "naam", "items"), members),
    )


# --- HR ----------------------------------------------------------------------------------


def hr_dashboard(request: HttpRequest) -> HttpResponse:
    """``/dashboard/hr/``: per department people, covered (a held talk within the
    organisation's interval), signed current POP; employer commitments due, kept on time and
    overdue; cost planned and spent against the budget; the average mark for the talk."""
    me = _me(request)
    today = timezone.localdate()
    org = me.organisation_id
    plan_type = _content_type("plans.developmentplan")
    months = _rows(
        "SELECT conversation_interval_months FROM organisations_organisation WHERE id = %s",
        (org,),
    )[0][0]
    since = timezone.now() - datetime.timedelta(days=round(months * 30.44))
    departments = _rows(
        "SELECT d.name, COUNT(e.id), "
        "SUM(CASE WHEN EXISTS (SELECT 1 FROM conversations_conversation c "
        f" WHERE c.employee_id = e.id AND c.status IN ({_in(HELD_TALK)}) AND c.starts_at >= %s) "
        " THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN EXISTS (SELECT 1 FROM plans_developmentplan p "
        " WHERE p.employee_id = e.id AND p.period_start <= %s AND p.period_end >= %s "
        " AND EXISTS (SELECT 1 FROM signing_version v WHERE v.subject_type_id = %s "
        "  AND v.subject_id = p.id AND v.status = 'signed')) THEN 1 ELSE 0 END) "
        "FROM organisations_employee e "
        "JOIN organisations_team t ON t.id = e.team_id "
        "JOIN organisations_department d ON d.id = t.department_id "
        f"WHERE e.organisation_id = %s AND {_in_service()} "
        "GROUP BY d.id, d.name ORDER BY d.name",
        (
            *HELD_TALK,
            _moment(since),
            _day(today),
            _day(today),
            plan_type,
            org,
            _day(today),
        ),
    )
    due = "COALESCE(a.period_from, a.period_to, pt.deadline)"
    commitments = _rows(
        "SELECT d.name, COUNT(a.id), "
        "SUM(CASE WHEN EXISTS (SELECT 1 FROM plans_activitystatuschange sc "
        " WHERE sc.activity_id = a.id AND sc.from_status = 'planned' "
        f" AND sc.to_status IN ({_in(KEPT)}) AND {_date_of('sc.changed_at')} <= {due}) "
        " THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN a.status = 'planned' THEN 1 ELSE 0 END) "
        "FROM plans_activity a "
        "JOIN plans_developmentpoint pt ON pt.id = a.point_id "
        "JOIN plans_developmentplan p ON p.id = pt.plan_id "
        "JOIN organisations_employee e ON e.id = p.employee_id "
        "JOIN organisations_team t ON t.id = e.team_id "
        "JOIN organisations_department d ON d.id = t.department_id "
        f"WHERE p.organisation_id = %s AND a.owner = 'employer' AND a.status <> 'cancelled' "
        f"AND {due} < %s AND {_in_service()} "
        "AND EXISTS (SELECT 1 FROM signing_version v WHERE v.subject_type_id = %s "
        " AND v.subject_id = p.id AND v.status = 'signed') "
        "GROUP BY d.id, d.name ORDER BY d.name",
        (*KEPT, org, _day(today), _day(today), plan_type),
    )
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year + 1, 1, 1)
    cost = _rows(
        "SELECT d.name, "
        "SUM(CASE WHEN a.status IN ('planned', 'registered') THEN a.cost ELSE 0 END), "
        "SUM(CASE WHEN a.status IN ('started', 'completed') THEN a.cost ELSE 0 END) "
        "FROM plans_activity a "
        "JOIN plans_developmentpoint pt ON pt.id = a.point_id "
        "JOIN plans_developmentplan p ON p.id = pt.plan_id "
        "JOIN organisations_employee e ON e.id = p.employee_id "
        "JOIN organisations_team t ON t.id = e.team_id "
        "JOIN organisations_department d ON d.id = t.department_id "
        "WHERE p.organisation_id = %s AND ((a.period_from >= %s AND a.period_from < %s) "
        " OR (a.period_from IS NULL AND p.period_start >= %s AND p.period_start < %s)) "
        "GROUP BY d.id, d.name ORDER BY d.name",
        (org, _day(start), _day(end), _day(start), _day(end)),
    )
    budgets = _rows(
        "SELECT d.name, b.amount FROM plans_trainingbudget b "
        "JOIN organisations_department d ON d.id = b.department_id "
        "WHERE b.organisation_id = %s AND b.year = %s ORDER BY d.name",
        (org, today.year),
    )
    scores = _rows(
        "SELECT d.name, AVG(r.score), COUNT(r.id), COUNT(DISTINCT c.employee_id) "
        "FROM conversations_talkrating r "
        "JOIN conversations_conversation c ON c.id = r.conversation_id "
        "JOIN organisations_employee e ON e.id = c.employee_id "
        "JOIN organisations_team t ON t.id = e.team_id "
        "JOIN organisations_department d ON d.id = t.department_id "
        "WHERE c.organisation_id = %s AND c.status <> 'cancelled' AND r.score IS NOT NULL "
        "AND r.given_by = 'employee' GROUP BY d.id, d.name "
        "HAVING COUNT(DISTINCT c.employee_id) >= 5 ORDER BY d.name",
        (org,),
    )
    return _page(
        "Organisatie",
        _table(
            "Per afdeling", ("afdeling", "mensen", "gesprek gehad", "POP getekend"), departments
        ),
        _table("Toezeggingen", ("afdeling", "te doen", "op tijd", "te laat"), commitments),
        _table("Kosten", ("afdeling", "gepland", "uitgegeven"), cost),
        _table("Budget", ("afdeling", "budget"), budgets),
        _table("Cijfer", ("afdeling", "gemiddeld", "aantal", "mensen"), scores),
    )


def _page_number(request: HttpRequest, count: int) -> int:
    last = max(1, -(-count // PAGE_SIZE))
    number = request.GET.get("page", "1")
    return min(int(number), last) if number.isdigit() and int(number) > 0 else 1


def people(request: HttpRequest) -> HttpResponse:
    """``/people/``: the people in service, 25 a page by name, with team and department;
    the departments for the filter."""
    me = _me(request)
    today = timezone.localdate()
    where = f"e.organisation_id = %s AND {_in_service()}"
    params = (me.organisation_id, _day(today))
    count = _rows(f"SELECT COUNT(*) FROM organisations_employee e WHERE {where}", params)[0][0]
    offset = (_page_number(request, count) - 1) * PAGE_SIZE
    rows = _rows(
        "SELECT e.personnel_number, e.last_name, e.first_name, e.function, t.name, d.name "
        "FROM organisations_employee e "
        "LEFT JOIN organisations_team t ON t.id = e.team_id "
        "LEFT JOIN organisations_department d ON d.id = t.department_id "
        f"WHERE {where} ORDER BY e.last_name, e.first_name, e.id LIMIT %s OFFSET %s",
        (*params, PAGE_SIZE, offset),
    )
    departments = _rows(
        "SELECT id, name FROM organisations_department WHERE organisation_id = %s ORDER BY name",
        (me.organisation_id,),
    )
    return _page(
        "Mensen",
        _table("Afdelingen", ("id", "afdeling"), departments),
        _table(
            f"{count} mensen",
            ("nummer", "achternaam", "voornaam", "functie", "team", "afdeling"),
            rows,
        ),
    )


def plans(request: HttpRequest) -> HttpResponse:
    """``/plans/`` as HR: my own plans; the organisation's plans, 25 a page by name, each
    with its state, whether it was ever signed and its total; the totals per category."""
    me = _me(request)
    plan_type = _content_type("plans.developmentplan")
    own = _rows(
        "SELECT p.id, p.period_start, p.period_end FROM plans_developmentplan p "
        "WHERE p.employee_id = %s ORDER BY p.period_start DESC",
        (me.employee_id,),
    )
    where = "p.organisation_id = %s AND p.employee_id <> %s"
    params = (me.organisation_id, me.employee_id)
    count = _rows(f"SELECT COUNT(*) FROM plans_developmentplan p WHERE {where}", params)[0][0]
    offset = (_page_number(request, count) - 1) * PAGE_SIZE
    rows = _rows(
        "SELECT p.id, e.last_name, e.first_name, t.name, d.name, p.period_start, p.period_end, "
        "(SELECT v.status FROM signing_version v WHERE v.subject_type_id = %s "
        " AND v.subject_id = p.id ORDER BY v.number DESC LIMIT 1), "
        "EXISTS (SELECT 1 FROM signing_version v WHERE v.subject_type_id = %s "
        " AND v.subject_id = p.id AND v.status = 'signed') "
        "FROM plans_developmentplan p "
        "JOIN organisations_employee e ON e.id = p.employee_id "
        "LEFT JOIN organisations_team t ON t.id = e.team_id "
        "LEFT JOIN organisations_department d ON d.id = t.department_id "
        "WHERE p.id IN (SELECT p.id FROM plans_developmentplan p "
        " JOIN organisations_employee e ON e.id = p.employee_id "
        f" WHERE {where} ORDER BY e.last_name, e.first_name, p.period_start DESC, p.id "
        " LIMIT %s OFFSET %s) "
        "ORDER BY e.last_name, e.first_name, p.period_start DESC, p.id",
        (plan_type, plan_type, *params, PAGE_SIZE, offset),
    )
    ids = [row[0] for row in rows]
    sums = dict(
        _rows(
            "SELECT pt.plan_id, SUM(a.cost) FROM plans_activity a "
            "JOIN plans_developmentpoint pt ON pt.id = a.point_id "
            f"WHERE pt.plan_id IN ({_in(ids)}) AND a.status IN ({_in(COUNTED)}) "
            "GROUP BY pt.plan_id",
            (*ids, *COUNTED),
        )
    )
    categories = _rows(
        "SELECT pt.category, SUM(a.cost) FROM plans_activity a "
        "JOIN plans_developmentpoint pt ON pt.id = a.point_id "
        "JOIN plans_developmentplan p ON p.id = pt.plan_id "
        f"WHERE {where} AND a.status IN ({_in(COUNTED)}) GROUP BY pt.category ORDER BY 1",
        (*params, *COUNTED),
    )
    departments = _rows(
        "SELECT id, name FROM organisations_department WHERE organisation_id = %s ORDER BY name",
        (me.organisation_id,),
    )
    return _page(
        "POP's",
        _table("Mijn POP's", ("POP", "vanaf", "tot"), own),
        _table("Afdelingen", ("id", "afdeling"), departments),
        _table("Kosten per soort", ("soort", "bedrag"), categories),
        _table(
            f"{count} POP's",
            (
                "POP",
                "achternaam",
                "voornaam",
                "team",
                "afdeling",
                "vanaf",
                "tot",
                "stand",
                "getekend",
                "totaal",
            ),
            ((*row, sums.get(row[0])) for row in rows),
        ),
    )


def conversations(request: HttpRequest) -> HttpResponse:
    """``/conversations/`` as HR: my own talks; the organisation's talks by status; all of
    them, 25 a page newest first, with person, team, manager, type and the report's state."""
    me = _me(request)
    report_type = _content_type("conversations.report")
    talk = (
        "SELECT c.id, c.starts_at, c.status, e.last_name, e.first_name, t.name, m.last_name, "
        "ct.name, (SELECT v.status FROM conversations_report r JOIN signing_version v "
        " ON v.subject_type_id = %s AND v.subject_id = r.id WHERE r.conversation_id = c.id "
        " ORDER BY v.number DESC LIMIT 1) "
        "FROM conversations_conversation c "
        "JOIN organisations_employee e ON e.id = c.employee_id "
        "LEFT JOIN organisations_team t ON t.id = e.team_id "
        "JOIN organisations_employee m ON m.id = c.manager_id "
        "JOIN conversations_conversationtype ct ON ct.id = c.conversation_type_id "
    )
    own = _rows(
        talk + "WHERE c.employee_id = %s ORDER BY c.starts_at", (report_type, me.employee_id)
    )
    counts = _rows(
        "SELECT status, COUNT(*) FROM conversations_conversation WHERE organisation_id = %s "
        "GROUP BY status ORDER BY status",
        (me.organisation_id,),
    )
    count = sum(n for _status, n in counts)
    offset = (_page_number(request, count) - 1) * PAGE_SIZE
    # The page's rows first, then their people and report state (not for every talk).
    rows = _rows(
        talk + "WHERE c.id IN (SELECT id FROM conversations_conversation "
        " WHERE organisation_id = %s ORDER BY starts_at DESC, id LIMIT %s OFFSET %s) "
        "ORDER BY c.starts_at DESC, c.id",
        (report_type, me.organisation_id, PAGE_SIZE, offset),
    )
    types = _rows(
        "SELECT id, name FROM conversations_conversationtype WHERE organisation_id = %s "
        "ORDER BY position, id",
        (me.organisation_id,),
    )
    head = (
        "gesprek",
        "op",
        "stand",
        "achternaam",
        "voornaam",
        "team",
        "leidinggevende",
        "soort",
        "verslag",
    )
    return _page(
        "Gesprekken",
        _table("Mijn gesprekken", head, own),
        _table("Per stand", ("stand", "aantal"), counts),
        _table("Soorten", ("id", "soort"), types),
        _table(f"{count} gesprekken", head, rows),
    )


def notifications(request: HttpRequest) -> HttpResponse:
    """``/notifications/``: my notices, 25 a page newest first, and how many are unread."""
    me = _me(request)
    count, unread = _rows(
        "SELECT COUNT(*), SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END) "
        "FROM followup_notice WHERE recipient_id = %s",
        (me.employee_id,),
    )[0]
    offset = (_page_number(request, count) - 1) * PAGE_SIZE
    rows = _rows(
        "SELECT n.created_at, n.kind, n.params, n.link, n.read_at FROM followup_notice n "
        "WHERE n.recipient_id = %s ORDER BY n.created_at DESC, n.id DESC LIMIT %s OFFSET %s",
        (me.employee_id, PAGE_SIZE, offset),
    )
    return _page(
        "Meldingen",
        _table(
            f"{count} meldingen, {unread or 0} ongelezen",
            ("op", "soort", "gegevens", "link", "gelezen"),
            rows,
        ),
    )
