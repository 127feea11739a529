"""Koers' own URLs, and the bare views of the page benchmark under ``/bare/``."""

from django.urls import include, path

from bench import bare

urlpatterns = [
    path("bare/dashboard/", bare.board, name="bare-board"),
    path("bare/me/", bare.my_course, name="bare-me"),
    path("bare/plans/<int:pk>/", bare.plan, name="bare-plan"),
    path("bare/teams/<int:team_id>/card/", bare.teamkaart, name="bare-teamkaart"),
    path("bare/hr/", bare.hr_dashboard, name="bare-hr"),
    path("bare/people/", bare.people, name="bare-people"),
    path("bare/plans/", bare.plans, name="bare-plans"),
    path("bare/conversations/", bare.conversations, name="bare-conversations"),
    path("bare/notifications/", bare.notifications, name="bare-notifications"),
    path("", include("koers.urls")),
]
