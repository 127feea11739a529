"""The activation pages (issue 10): the person types the code from the letter, or follows the
link, and chooses their own password. Nobody is signed in: the code is the proof."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from koers.accounts.forms_activation import ActivationCodeForm, ActivationPasswordForm
from koers.lib.errors import NotAllowed, Refused
from koers.organisations.actions import activations
from koers.organisations.models import Activation


def _address(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "0.0.0.0"  # noqa: S104 (an address, not a bind)


def _code_page(request: HttpRequest, form: ActivationCodeForm) -> HttpResponse:
    return render(request, "accounts/activate.html", {"form": form})


def _signed_in_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/activate.html", {"signed_in": True})


def _password_page(
    request: HttpRequest, activation: Activation, form: ActivationPasswordForm
) -> HttpResponse:
    return render(
        request,
        "accounts/activate_password.html",
        {
            "form": form,
            "username": activation.user.username,
            "name": activation.employee.first_name,
        },
    )


def _choose_password(request: HttpRequest, code: str) -> HttpResponse:
    """The second step: check the code again, then the password (twice) and use the code."""
    address = _address(request)
    try:
        activation = activations.check_activation_code(request.actor, code, address=address)
    except Refused as refusal:
        # The code as typed, with the reason: a typo is fixed in place.
        form = ActivationCodeForm({"code": code})
        if form.is_valid():
            form.add_error("code", refusal.message)
        return _code_page(request, form)
    except NotAllowed:
        return _signed_in_page(request)
    form = ActivationPasswordForm(
        activation.user,
        request.POST if "new_password1" in request.POST else None,
        initial={"code": code},
    )
    if form.is_valid():
        try:
            user = activations.activate(
                request.actor, code, form.cleaned_data["new_password1"], address=address
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Uw wachtwoord is opgeslagen. Log nu in met uw gebruikersnaam %(username)s.")
                % {"username": user.username},
            )
            return redirect("login")
    return _password_page(request, activation, form)


@login_not_required
@never_cache
@sensitive_post_parameters("code", "new_password1", "new_password2")
def activate(request: HttpRequest) -> HttpResponse:
    """``/accounts/activate/``: type the code; then choose a password on the same address."""
    if request.user.is_authenticated:
        return _signed_in_page(request)
    if request.method == "POST" and "new_password1" in request.POST:
        return _choose_password(request, request.POST.get("code", ""))
    form = ActivationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _choose_password(request, form.cleaned_data["code"])
    return _code_page(request, form)


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def activate_link(request: HttpRequest, token: str) -> HttpResponse:
    """``/accounts/activate/<code>/``: the link in the e-mail and the letter's QR code, with
    the code in it; the person only chooses a password."""
    if request.user.is_authenticated:
        return _signed_in_page(request)
    return _choose_password(request, token)
