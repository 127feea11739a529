""" "Alles over mij" (AVG art. 15, issue 16 item 2): one ZIP with everything Koers holds
about a person that they may read themselves.

- ``overzicht.pdf``: a readable summary (who, what kinds, how many, the access log);
- ``gegevens.json``: every row of every kind, along the register's ``person`` paths, read
  through each table's ``visible_to`` as the person themselves (what Koers hides from them
  in the app, such as the manager's working notes of a talk, it does not hand out here);
- ``uitleg.txt``: what each kind and field in the JSON is, why it is kept and how long;
- ``getekend/``: every signed document (POP, report) as its PDF;
- ``wie-keek.txt``: the access log of their file, in plain words.

Secrets never leave: password hashes, codes, tokens, second-factor keys, session data.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.access.actor import Actor
from koers.access.views import visible
from koers.audit import log
from koers.audit.models import AuditEvent
from koers.lib.pdf import render_pdf
from koers.lib.personal_data import Table
from koers.organisations.models import Employee
from koers.privacy import register
from koers.signing.documents import document_of
from koers.signing.models import Version, VersionStatus
from koers.signing.sealing import check_version

# Fields that are never exported, whoever's they are.
SECRETS = frozenset(
    {
        "password",
        "code_hash",
        "lookup",
        "token",
        "session_data",
        "session_hash",
        "data",  # a second factor's key and recovery codes
        "key",
        "claim",
    }
)
ON_REQUEST = gettext_lazy(
    "HR heeft dit bestand op uw verzoek gemaakt. Wat alleen u en uw leidinggevende zien (het "
    "thema gezond op uw gesprekskaart, een voorbereiding die u niet deelde) staat er niet in: "
    "dat downloadt u zelf bij Mijn profiel, Alles over mij."
)

# The login's own tables: the person reads them through their login, not a visible_to.
LOGIN_TABLES = ("accounts.User", "account.EmailAddress", "mfa.Authenticator")


def export_file(actor: Actor, employee: Employee, request: HttpRequest) -> bytes:
    """The ZIP for ``employee``, as ``actor`` may read it: the person themselves, or HR on
    their request (then without what only the person and their manager see)."""
    on_request = actor.employee_id != employee.pk
    kinds = collect(actor, employee)
    events = list(visible(AuditEvent, actor).of_file(employee.pk).select_related("actor"))
    log = [_log_line(event, employee) for event in events]
    signed = _signed_pdfs(actor, employee, request)
    made = timezone.localtime()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(
            "gegevens.json",
            json.dumps(
                {
                    "person": employee.full_name,
                    "made_at": made.isoformat(),
                    "kinds": kinds,
                    "access_log": log,
                },
                ensure_ascii=False,
                indent=2,
                default=_json_value,
            ),
        )
        zipped.writestr("uitleg.txt", _explanation(kinds, on_request=on_request))
        zipped.writestr("wie-keek.txt", _log_days_text(events, employee))
        for name, pdf in signed:
            zipped.writestr(f"getekend/{name}", pdf)
        summary = render_pdf(
            "privacy/export_summary.html",
            {
                "employee": employee,
                "made": made,
                "kinds": kinds,
                "log": log,
                "signed": [name for name, _pdf in signed],
                "on_request": on_request,
                "on_request_text": ON_REQUEST,
            },
            request,
        )
        zipped.writestr("overzicht.pdf", summary)
    return archive.getvalue()


def collect(actor: Actor, employee: Employee) -> list[dict[str, Any]]:
    """Every kind of the person's data, with its rows, as the person may read them."""
    kinds = []
    for table in register.tables():
        rows = _rows(actor, employee, table)
        if rows is None:
            continue
        model = register.model_of(table)
        kinds.append(
            {
                "kind": table.model,
                "label": str(table.label or model._meta.verbose_name_plural),
                "purpose": str(table.purpose.label),
                "kept": str(table.keep.label),
                "rows": rows,
            }
        )
    return kinds


def _rows(actor: Actor, employee: Employee, table: Table) -> list[dict[str, Any]] | None:
    if not table.person or table.person == "employee_id":
        return None
    model = register.model_of(table)
    if table.model == "organisations.Employee":
        rows = Employee.objects.filter(pk=employee.pk)
    elif table.model in LOGIN_TABLES:
        rows = model._base_manager.filter(**{table.person: employee.pk})
    elif hasattr(model._default_manager.all(), "visible_to"):
        rows = visible(model, actor).filter(**{table.person: employee.pk})
    elif table.person.startswith("version__"):  # signatures: of the versions they may read
        readable = visible(Version, actor).filter(employee=employee)
        rows = model._base_manager.filter(version__in=readable.values("pk"))
    else:
        return None
    names = [name for name in table.fields if name not in SECRETS]
    return [_row(model, row, names) for row in rows.order_by("pk")]


def _row(model: type[models.Model], row: models.Model, names: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        field = model._meta.get_field(name)
        if field.is_relation:
            related = getattr(row, name)
            values[name] = None if related is None else str(related)
        else:
            display = getattr(row, f"get_{name}_display", None)
            values[name] = display() if display and getattr(row, name) else getattr(row, name)
    return values


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _explanation(kinds: list[dict[str, Any]], *, on_request: bool = False) -> str:
    lines = [
        _("Alles wat Koers over u bewaart en dat u zelf mag inzien (AVG artikel 15)."),
        *([str(ON_REQUEST)] if on_request else []),
        _("In gegevens.json staat per soort gegevens elke regel; hieronder wat elke soort is."),
        "",
    ]
    for kind in kinds:
        model = apps.get_model(kind["kind"])
        fields = [
            f"  - {name}: {model._meta.get_field(name).verbose_name}"
            for name in (kind["rows"][0] if kind["rows"] else {})
        ]
        lines += [
            f"{kind['label']} ({kind['kind']}): {len(kind['rows'])}",
            "  " + _("Waarvoor: %(purpose)s") % {"purpose": kind["purpose"]},
            "  " + _("Hoe lang: %(kept)s") % {"kept": kind["kept"]},
            *fields,
            "",
        ]
    return "\n".join(lines)


def _log_line(event: AuditEvent, employee: Employee) -> dict[str, Any]:
    at = timezone.localtime(event.at)
    return {
        "at": at.isoformat(),
        "shown": f"{at:%d-%m-%Y %H:%M}",
        "who": log.who(event.actor, employee),
        "what": event.describe(),
    }


def _log_days_text(events: list[AuditEvent], employee: Employee) -> str:
    """Wie keek in mijn dossier?, as on the page: per day, newest first, in plain words."""
    days = log.days(events, employee)
    if not days:
        return str(_("Nog niemand heeft iets in uw dossier bekeken of gewijzigd.")) + "\n"
    parts = []
    for day in days:
        parts.append(formats.date_format(day.day, "l j F Y"))
        parts.extend(f"  {line.text}" for line in day.lines)
        parts.append("")
    return "\n".join(parts)


def _signed_pdfs(actor: Actor, employee: Employee, request: HttpRequest) -> list[tuple[str, bytes]]:
    """Each signed version of the person's documents, as the document prints it."""
    found = []
    versions = (
        visible(Version, actor)
        .filter(employee=employee, status=VersionStatus.SIGNED)
        .select_related("subject_type")
        .order_by("pk")
    )
    for version in versions:
        document = document_of(version.subject)
        response = document.pdf(request, version, check_version(actor, version))
        disposition = response["Content-Disposition"]
        name = disposition.split('filename="', 1)[1].rstrip('"')
        found.append((name, response.content))
    return found
