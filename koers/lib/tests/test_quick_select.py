"""``QuickSelect`` writes the same markup as Django's ``Select`` (compared as HTML, not as
text): values, labels (escaped), the selected option, groups and the select's attributes."""

from __future__ import annotations

from django import forms
from django.test.html import parse_html

from koers.lib.forms import KoersForm, QuickSelect

CHOICES = [
    ("", "Alle afdelingen"),
    ("1", "Productie & <Logistiek>"),
    ("Groep", [("2", "Assemblage"), ("3", 'Verpakken "B"')]),
    (4, "Schoonmaak"),
]


def _both(value, attrs=None):
    django = forms.Select(choices=CHOICES).render("department", value, attrs)
    quick = QuickSelect(choices=CHOICES).render("department", value, attrs)
    return parse_html(django), parse_html(quick)


def test_the_same_markup_as_django_for_every_kind_of_option():
    for value in ("", "1", "3", 4, None, "unknown"):
        django, quick = _both(
            value, {"id": "id_department", "required": True, "aria-describedby": "x"}
        )
        assert django == quick, value


def test_a_koers_form_renders_its_plain_selects_quickly_and_leaves_other_widgets_alone():
    class Filters(KoersForm):
        department = forms.ChoiceField(choices=CHOICES, required=False)
        many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["later"] = forms.ChoiceField(choices=[("x", "X")])

    form = Filters(data={"department": "2"})
    html = str(form["department"])
    assert type(form.fields["department"].widget) is QuickSelect
    str(form["later"])  # a field added in the subclass's __init__
    assert type(form.fields["later"].widget) is QuickSelect
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert parse_html(html) == parse_html(
        forms.Select(choices=CHOICES).render("department", "2", {"id": "id_department"})
    )
    # Another instance of the form class is not changed by the first one's rendering.
    assert type(Filters().fields["department"].widget) is forms.Select
