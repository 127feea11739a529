from django.urls import path

from koers.cards import views

urlpatterns = [
    path("cards/", views.my_card, name="my-card"),
    path("cards/<int:employee_id>/", views.card_detail, name="card-detail"),
    path("cards/<int:employee_id>/pdf", views.card_pdf, name="card-pdf"),
    path("cards/<int:employee_id>/paper/", views.card_paper, name="card-paper"),
    path("cards/<int:employee_id>/years/", views.card_years, name="card-years"),
    path("cards/<int:employee_id>/<int:year>/", views.card_year, name="card-year"),
    path("cards/<int:employee_id>/start/", views.card_start, name="card-start"),
    path("cards/<int:employee_id>/from-plan/", views.card_from_plan, name="card-from-plan"),
    path(
        "cards/<int:employee_id>/items/<int:item_id>/",
        views.card_item_show,
        name="card-item-show",
    ),
    path(
        "cards/<int:employee_id>/items/<int:item_id>/to-plan/",
        views.card_item_to_plan,
        name="card-item-to-plan",
    ),
    path("cards/<int:employee_id>/<slug:theme>/<slug:kind>/", views.card_step, name="card-step"),
    path(
        "cards/<int:employee_id>/items/<int:item_id>/edit/",
        views.card_item_edit,
        name="card-item-edit",
    ),
    path(
        "cards/<int:employee_id>/items/<int:item_id>/delete/",
        views.card_item_delete,
        name="card-item-delete",
    ),
    path(
        "cards/<int:employee_id>/items/<int:item_id>/share/",
        views.card_item_share,
        name="card-item-share",
    ),
    path(
        "cards/<int:employee_id>/items/<int:item_id>/unshare/",
        views.card_item_unshare,
        name="card-item-unshare",
    ),
    path("teams/cards/", views.teamcard_list, name="teamcard-list"),
    path("teams/<int:team_id>/card/", views.teamcard_detail, name="teamcard-detail"),
    path("teams/<int:team_id>/card.pdf", views.teamcard_pdf, name="teamcard-pdf"),
    path("teams/<int:team_id>/card/edit/", views.teamcard_edit, name="teamcard-edit"),
    path(
        "teams/<int:team_id>/card/agreements/<int:pk>/delete/",
        views.teamcard_agreement_delete,
        name="teamcard-agreement-delete",
    ),
]
