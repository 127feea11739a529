from django.urls import path

from koers.conversations import views, views_templates

urlpatterns = [
    path("conversations/", views.conversation_list, name="conversation-list"),
    path("conversations/plan/", views.conversation_plan, name="conversation-plan"),
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
        "conversations/<int:pk>/prepare/", views.conversation_prepare, name="conversation-prepare"
    ),
    path(
        "conversations/<int:pk>/prepare/together/",
        views.conversation_prepare_together,
        name="conversation-prepare-together",
    ),
    path(
        "conversations/<int:pk>/answers/<int:question_id>/",
        views.conversation_answer,
        name="conversation-answer",
    ),
    path("conversations/<int:pk>/share/", views.conversation_share, name="conversation-share"),
    path("conversations/<int:pk>/agenda/", views.agenda_add, name="conversation-agenda-add"),
    path(
        "conversations/<int:pk>/agenda/<int:point_id>/share/",
        views.agenda_share,
        name="conversation-agenda-share",
    ),
    path(
        "conversations/<int:pk>/agenda/<int:point_id>/delete/",
        views.agenda_delete,
        name="conversation-agenda-delete",
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
