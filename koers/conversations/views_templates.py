"""Templates (sjablonen) for HR and the org admin: view every version, edit as a new one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.access.views import get_visible_or_404, requires_role
from koers.conversations import queries
from koers.conversations.actions import templates
from koers.conversations.forms import TEMPLATE_LISTS, TemplateEditForm
from koers.conversations.models import Audience, ConversationTemplate
from koers.lib import concurrency
from koers.organisations.models import Role

TEMPLATE_ROLES = (Role.HR, Role.ORG_ADMIN)


@requires_role(*TEMPLATE_ROLES)
def template_list(request: HttpRequest) -> HttpResponse:
    """Read only: the defaults were created when the organisation was founded."""
    return render(
        request,
        "conversations/template_list.html",
        {"types": queries.templates_overview(request.actor)},
    )


def _template(request: HttpRequest, pk: int) -> ConversationTemplate:
    return get_visible_or_404(
        ConversationTemplate.objects.select_related("conversation_type", "based_on"),
        request.actor,
        pk=pk,
    )


@requires_role(*TEMPLATE_ROLES)
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    questions = list(template.questions.all())
    lists = [
        (label, [q for q in questions if q.audience == audience])
        for audience, label in Audience.choices
    ]
    return render(
        request,
        "conversations/template_detail.html",
        {
            "template": template,
            "phases": list(template.phases.all()),
            "lists": lists,
            "is_current": queries.current_template(template.conversation_type) == template,
            "used": template.conversation_set.count(),
        },
    )


@requires_role(*TEMPLATE_ROLES)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Sjabloon aanpassen: a new version; talks planned with an older one keep theirs."""
    template = _template(request, pk)
    form = TemplateEditForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        questions = {
            audience: queries.questions_from_lines(
                template, audience, form.cleaned_data[f"{audience}_lines"]
            )
            for audience in Audience.values
        }
        try:
            new = templates.copy_template(
                request.actor,
                template,
                note=form.cleaned_data["note"],
                questions=questions,
                expected_revision=form.expected_revision,
            )
        except concurrency.StaleEdit as stale:
            conflict = _template_conflict(request, form, stale)
        else:
            messages.success(
                request,
                _("Versie %(version)s is opgeslagen. Nieuwe gesprekken gebruiken deze versie.")
                % {"version": new.version},
            )
            return redirect("template-detail", pk=new.pk)
    else:
        conflict = None
    return render(
        request,
        "conversations/template_edit.html",
        {"form": form, "template": template, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _template_conflict(
    request: HttpRequest, form: TemplateEditForm, stale: concurrency.StaleEdit
) -> concurrency.Conflict:
    """Someone saved a newer version meanwhile: their lists next to the user's."""
    newest = queries.current_template(stale.current)
    lists = {audience: [] for audience, _label in TEMPLATE_LISTS}
    for question in newest.questions.all() if newest else []:
        lists.setdefault(question.audience, []).append(question.text)
    mine = {audience: form.cleaned_data.get(audience, "") for audience, _label in TEMPLATE_LISTS}
    conflict = concurrency.conflict(
        stale,
        mine,
        form=form,
        posted=request.POST,
        stored={audience: "\n".join(texts) for audience, texts in lists.items()},
    )
    concurrency.with_revision(form, conflict.revision)
    return conflict
