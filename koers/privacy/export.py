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
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.access.actor import Actor
from koers.access.views import visible
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
# The login's own tables: the person reads them through their login, not a visible_to.
LOGIN_TABLES = ("accounts.User", "account.EmailAddress", "mfa.Authenticator")


def export_file(actor: Actor, employee: Employee, request: HttpRequest) -> bytes:
    """The ZIP for ``employee``, as ``actor`` (the person themselves) may read it."""
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
        zipped.writestr("uitleg.txt", _explanation(kinds))
        zipped.writestr("wie-keek.txt", "\n".join(_log_text(line) for line in log) + "\n")
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


def _explanation(kinds: list[dict[str, Any]]) -> str:
    lines = [
        _("Alles wat Koers over u bewaart en dat u zelf mag inzien (AVG artikel 15)."),
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
    if event.actor_id is None:
        who = _("Koers (automatisch)")
    elif event.actor_id == employee.pk:
        who = _("uzelf")
    else:
        who = event.actor.full_name
    at = timezone.localtime(event.at)
    return {
        "at": at.isoformat(),
        "shown": f"{at:%d-%m-%Y %H:%M}",
        "who": str(who),
        "what": event.describe(),
    }


def _log_text(line: dict[str, Any]) -> str:
    return f"{line['shown']}  {line['who']}: {line['what']}"


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
