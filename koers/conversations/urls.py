from django.urls import path

from koers.conversations import (
    views,
    views_prepare,
    views_rating,
    views_report,
    views_series,
    views_talk,
    views_templates,
)
from koers.signing import views as signing

REPORT = {"kind": "conversation_report"}

urlpatterns = [
    path("conversations/", views.conversation_list, name="conversation-list"),
    path("conversations/plan/", views.conversation_plan, name="conversation-plan"),
    path("conversations/series/new/", views_series.series_plan, name="conversation-series-plan"),
    path("conversations/series/<int:pk>/", views_series.series_detail, name="conversation-series"),
    path("conversations/<int:pk>/", views.conversation_detail, name="conversation-detail"),
    path("conversations/<int:pk>/invite.ics", views.conversation_ics, name="conversation-ics"),
    path(
        "conversations/<int:pk>/letter.pdf", views.conversation_letter, name="conversation-letter"
    ),
    path(
        "conversations/<int:pk>/reschedule/",
        views.conversation_reschedule,
        name="conversation-reschedule",
    ),
    path("conversations/<int:pk>/cancel/", views.conversation_cancel, name="conversation-cancel"),
    path(
        "conversations/<int:pk>/prepare/",
        views_prepare.conversation_prepare,
        name="conversation-prepare",
    ),
    path(
        "conversations/<int:pk>/prepare/together/",
        views_prepare.conversation_prepare_together,
        name="conversation-prepare-together",
    ),
    path(
        "conversations/<int:pk>/answers/<int:question_id>/",
        views_prepare.conversation_answer,
        name="conversation-answer",
    ),
    path(
        "conversations/<int:pk>/share/", views_prepare.conversation_share, name="conversation-share"
    ),
    path(
        "conversations/<int:pk>/agenda/", views_prepare.agenda_add, name="conversation-agenda-add"
    ),
    path(
        "conversations/<int:pk>/agenda/<int:point_id>/share/",
        views_prepare.agenda_share,
        name="conversation-agenda-share",
    ),
    path(
        "conversations/<int:pk>/agenda/<int:point_id>/delete/",
        views_prepare.agenda_delete,
        name="conversation-agenda-delete",
    ),
    path("conversations/<int:pk>/talk/", views_talk.conversation_talk, name="conversation-talk"),
    path(
        "conversations/<int:pk>/talk/finish/",
        views_talk.conversation_talk_finish,
        name="conversation-talk-finish",
    ),
    path(
        "conversations/<int:pk>/talk/agreements/new/",
        views_talk.agreement_edit,
        name="conversation-agreement-add",
    ),
    path(
        "conversations/<int:pk>/talk/agreements/<int:point_id>/",
        views_talk.agreement_edit,
        name="conversation-agreement-edit",
    ),
    path(
        "conversations/<int:pk>/talk/agreements/<int:point_id>/delete/",
        views_talk.agreement_delete,
        name="conversation-agreement-delete",
    ),
    path(
        "conversations/<int:pk>/talk/<slug:phase>/",
        views_talk.conversation_talk,
        name="conversation-talk-phase",
    ),
    path(
        "conversations/<int:pk>/rating/",
        views_rating.conversation_rating,
        name="conversation-rating",
    ),
    path(
        "conversations/<int:pk>/report/",
        views_report.conversation_report,
        name="conversation-report",
    ),
    # The shared signing pages (koers.signing), for the report.
    path(
        "conversations/<int:pk>/report/sign/",
        signing.sign,
        REPORT,
        name="conversation-report-sign",
    ),
    path(
        "conversations/<int:pk>/report/sign/paper/",
        signing.sign_paper,
        REPORT,
        name="conversation-report-sign-paper",
    ),
    path(
        "conversations/<int:pk>/report/versions/",
        signing.versions,
        REPORT,
        name="conversation-report-versions",
    ),
    path(
        "conversations/<int:pk>/report/correct/",
        views_report.conversation_report_correct,
        name="conversation-report-correct",
    ),
    path(
        "conversations/<int:pk>/report.pdf",
        views_report.conversation_report_pdf,
        name="conversation-report-pdf",
    ),
    path(
        "conversations/<int:pk>/report/v<int:number>.pdf",
        signing.version_pdf,
        REPORT,
        name="conversation-report-version-pdf",
    ),
    path("conversations/templates/", views_templates.template_list, name="template-list"),
    path(
        "conversations/templates/<int:pk>/", views_templates.template_detail, name="template-detail"
    ),
    path(
        "conversations/templates/<int:pk>/edit/",
        views_templates.template_edit,
        name="template-edit",
    ),
]
