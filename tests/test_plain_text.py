"""Issue 10 item 10: NUL bytes and other control characters in text are refused with a clear
Dutch message (PostgreSQL cannot store NUL): a 200 with the form's message or a refusal,
nothing stored, never a server error. Tab, CR and LF only in multi-line fields."""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import koers
from koers.conversations.models import TemplateQuestion
from koers.lib.forms import KoersForm, KoersModelForm, PlainTextMixin, PlainTextValidator
from koers.plans.demo import extend_demo
from koers.plans.models import Category, DevelopmentPlan
from koers.testing import assert_no_writes, talk_with_kees

MESSAGE = "onzichtbaar stuurteken"
BAD = ["nul\x00byte", "bel\x07", "escape\x1b[31m", "c1\x85", "del\x7f", "vt\x0bfrom Word"]


def all_form_classes() -> list[type]:
    """Every form class defined in Koers (tests left out), dynamic ones included."""
    for module in pkgutil.walk_packages(koers.__path__, "koers."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        if module.name.startswith(("koers.testing", "koers.wsgi", "koers.cli", "koers.__main__")):
            continue
        importlib.import_module(module.name)

    def walk(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *walk(sub)]
        return found

    return [
        cls
        for cls in set(walk(forms.BaseForm))
        if cls.__module__.startswith("koers.")
        and cls.__module__ != "koers.lib.forms"
        and ".tests" not in cls.__module__
    ]


def test_every_koers_form_refuses_control_characters():
    classes = all_form_classes()
    assert len(classes) > 30
    assert [c.__qualname__ for c in classes if not issubclass(c, PlainTextMixin)] == []


@pytest.mark.parametrize("text", BAD)
def test_validator_refuses_control_characters(text):
    with pytest.raises(forms.ValidationError) as refused:
        PlainTextValidator(multiline=True)(text)
    assert MESSAGE in str(refused.value)


def test_multi_line_fields_keep_tab_and_line_breaks_one_line_fields_do_not():
    class Form(KoersForm):
        title = forms.CharField()
        text = forms.CharField(widget=forms.Textarea)

    form = Form({"title": "een\tregel", "text": "regel 1\r\nregel 2\tmet tab"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    assert "één regel" in form.errors["title"][0]
    assert Form({"title": "een regel", "text": "regel 1\r\nregel 2\tmet tab"}).is_valid()


def test_validator_is_added_once_per_form_and_never_to_the_class():
    class Form(KoersModelForm):
        class Meta:
            model = DevelopmentPlan
            fields = ["work_experience"]

    form = Form({"work_experience": "x"})
    form.is_valid()
    form.is_valid()
    validators = form.fields["work_experience"].validators
    assert sum(isinstance(v, PlainTextValidator) for v in validators) == 1
    assert not any(
        isinstance(v, PlainTextValidator) for v in Form.base_fields["work_experience"].validators
    )


def point_data(**overrides):
    data = {
        "category": Category.FUNCTION,
        "title": "Printplaten testen",
        "goal": "Ik kan zelf printplaten testen.",
        "measure": "Tien printplaten goed getest.",
        "approach": "Meelopen.",
        "employee_part": "Oefenen.",
        "employer_part": "De tester regelen.",
        "support": "Een uur per week.",
        "deadline": (datetime.date.today() + datetime.timedelta(days=90)).isoformat(),
        "follow_up": "Elke maand.",
    }
    return {**data, **overrides}


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "goal"])
@pytest.mark.parametrize("text", ["nul\x00byte", "escape\x1b"])
def test_control_character_in_a_plan_point_is_refused_and_nothing_stored(
    demo, login_as, field, text
):
    extend_demo(demo)
    plan = DevelopmentPlan.objects.get(employee__personnel_number="D-medewerker")
    client = login_as("manager")
    with assert_no_writes():
        response = client.post(
            reverse("plan-point-create", args=[plan.pk]), point_data(**{field: text})
        )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_control_character_in_an_autosaved_answer_is_refused_and_nothing_stored(demo, login_as):
    talk = talk_with_kees()
    question = TemplateQuestion.objects.filter(template=talk.template, audience="employee").first()
    client = login_as("medewerker")
    url = reverse("conversation-answer", args=[talk.pk, question.pk])
    with assert_no_writes():
        response = client.post(url, {f"answer-{question.pk}": "Ik wil\x00 groeien"})
    assert response.status_code in (400, 409)
    assert MESSAGE in response.content.decode()
    response = client.post(url, {f"answer-{question.pk}": "Ik wil\ngroeien\t(echt)"})
    assert response.status_code in (200, 302)
