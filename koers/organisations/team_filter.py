"""The team filter of the HR lists (issue 18): a select for an organisation with a handful
of teams; for one with thousands, a text field (part of the team's name) with suggestions
while typing (htmx). 5,000 options made the people list 300 KB."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from koers.organisations.models import Organisation, Team

# Up to this many teams the filter is a select: quicker to use than typing.
SELECT_LIMIT = 40
SUGGESTIONS = 10


class TeamSearchInput(forms.TextInput):
    """A text field with a <datalist> the suggestions fill while one types (htmx); without
    JavaScript it is a plain text filter."""

    template_name = "organisations/widgets/team_search.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "autocomplete": "off",
                "hx-get": reverse_lazy("team-suggestions"),
                "hx-trigger": "input changed delay:300ms",
                "hx-swap": "innerHTML",
                **(attrs or {}),
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict:
        context = super().get_context(name, value, attrs)
        datalist = f"{context['widget']['attrs'].get('id', name)}-suggestions"
        context["widget"]["attrs"]["list"] = datalist
        context["widget"]["attrs"]["hx-target"] = f"#{datalist}"
        context["widget"]["datalist"] = datalist
        return context


class TeamFilterField(forms.Field):
    """Cleans to the organisation's teams that match (a queryset), or None for all teams.
    A number is a team's id (links such as ``?team=12``); text is the name: exactly, else
    contained in it."""

    default_error_messages = {
        "unknown": _("Geen team gevonden dat zo heet."),
    }

    def __init__(self, *, organisation: Organisation, empty_label: str, **kwargs: Any) -> None:
        self.organisation = organisation
        teams = list(
            Team.objects.filter(organisation=organisation)
            .select_related("department")
            .order_by("name", "pk")[: SELECT_LIMIT + 1]
        )
        self.searchable = len(teams) > SELECT_LIMIT
        if self.searchable:
            widget: forms.Widget = TeamSearchInput()
            kwargs.setdefault("help_text", _("Typ een deel van de naam van het team."))
        else:
            widget = forms.Select(choices=[("", empty_label), *((t.pk, str(t)) for t in teams)])
        super().__init__(required=False, widget=widget, **kwargs)

    def clean(self, value: Any) -> QuerySet[Team] | None:
        value = str(value or "").strip()
        if not value:
            return None
        teams = Team.objects.filter(organisation=self.organisation)
        if value.isdigit():
            found = teams.filter(pk=int(value))
        else:
            found = teams.filter(name__iexact=value)
            if not found.exists():
                found = teams.filter(name__icontains=value)
        if not found.exists():
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return found


def suggestions(organisation: Organisation, text: str) -> list[str]:
    """The names of the first teams whose name contains ``text``."""
    text = text.strip()
    if not text:
        return []
    return list(
        Team.objects.filter(organisation=organisation, name__icontains=text)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()[:SUGGESTIONS]
    )
