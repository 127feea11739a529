"""The employee's one-question screen after the talk: "Wat vond u van het gesprek?" (004
Afsluiting). Only the talk's employee answers; the manager reads the answer on the talk and
the report, HR only averages per department. Anyone else gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.access.views import requires_employee
from koers.conversations import talk
from koers.conversations.actions import rating as rating_actions
from koers.conversations.forms import RatingForm
from koers.conversations.models import HELD_STATUSES, Side
from koers.conversations.views import _party_conversation
from koers.lib import concurrency
from koers.lib.errors import Refused


@requires_employee
def conversation_rating(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, side = _party_conversation(request, pk)
    if side != Side.EMPLOYEE or conversation.status not in HELD_STATUSES:
        raise Http404
    rating = talk.rating_of(conversation)
    open_ = talk.may_rate(conversation)
    form = RatingForm(
        request.POST or None,
        initial=RatingForm.initial_for(rating),
        revision=concurrency.token_of(rating),
    )
    status = 200
    if request.method == "POST":
        if not open_:
            messages.error(request, Refused("rating.closed").message)
            return redirect("conversation-rating", pk=conversation.pk)
        if form.is_valid():
            try:
                rating_actions.rate_talk(
                    request.actor,
                    conversation,
                    score=form.score,
                    declined=form.declined,
                    comment=form.cleaned_data["comment"],
                    expected_revision=form.expected_revision,
                )
            except concurrency.StaleEdit as stale:
                # Only the employee answers: a stale token is their own other tab. Keep their
                # choice with the new token; saving again takes it.
                rating = stale.current
                form = concurrency.with_revision(form, stale.revision)
                form.add_error(None, stale.message)
                status = 409
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Dank u wel. Uw antwoord is opgeslagen."))
                return redirect("conversation-detail", pk=conversation.pk)
    return render(
        request,
        "conversations/rating.html",
        {"conversation": conversation, "form": form, "rating": rating, "open": open_},
        status=status,
    )
