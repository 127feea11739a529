from django.urls import path

from koers.followup import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/me/", views.dashboard_me, name="dashboard-me"),
    path("dashboard/team/", views.dashboard_team, name="dashboard-team"),
    path("dashboard/hr/", views.dashboard_hr, name="dashboard-hr"),
    path(
        "dashboard/people/<int:pk>/interval/",
        views.interval_edit,
        name="followup-interval",
    ),
    path("plans/<int:pk>/progress/", views.plan_progress, name="plan-progress"),
    path(
        "followup/activities/<int:pk>/course-check/",
        views.course_check,
        name="course-check",
    ),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("notifications/read/", views.notification_read_all, name="notification-read-all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
]
