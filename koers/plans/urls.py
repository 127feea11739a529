from django.urls import path

from koers.plans import views, views_admin, views_lists, views_pdf
from koers.signing import views as signing

POP = {"kind": "pop"}

urlpatterns = [
    path("plans/", views_lists.plan_list, name="plan-list"),
    path("plans/new/", views_lists.plan_create, name="plan-create"),
    path("plans/export.xlsx", views_admin.export_xlsx, name="plan-export-xlsx"),
    path("plans/export.csv", views_admin.export_csv, name="plan-export-csv"),
    path("plans/budget/", views_admin.budget, name="plan-budget"),
    path("plans/blank.pdf", views_pdf.plan_blank_pdf, name="plan-blank-pdf"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/pdf", views_pdf.plan_pdf, name="plan-pdf"),
    path("plans/<int:pk>/trainings/new/", views.training_add, name="plan-training-add"),
    path(
        "plans/<int:pk>/trainings/<int:training_id>/delete/",
        views.training_delete,
        name="plan-training-delete",
    ),
    path("plans/<int:pk>/points/new/", views.point_edit, name="plan-point-create"),
    path("plans/<int:pk>/points/<int:point_id>/", views.point_edit, name="plan-point-edit"),
    path(
        "plans/<int:pk>/points/<int:point_id>/delete/",
        views.point_delete,
        name="plan-point-delete",
    ),
    path(
        "plans/<int:pk>/points/<int:point_id>/activities/new/",
        views.activity_edit,
        name="plan-activity-create",
    ),
    path(
        "plans/<int:pk>/activities/<int:activity_id>/",
        views.activity_edit,
        name="plan-activity-edit",
    ),
    path(
        "plans/<int:pk>/activities/<int:activity_id>/delete/",
        views.activity_delete,
        name="plan-activity-delete",
    ),
    path(
        "plans/<int:pk>/activities/<int:activity_id>/status/",
        views.activity_status,
        name="plan-activity-status",
    ),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan-submit"),
    # The shared signing pages (koers.signing), for the POP.
    path("plans/<int:pk>/sign/", signing.sign, POP, name="plan-sign"),
    path("plans/<int:pk>/sign/paper/", signing.sign_paper, POP, name="plan-sign-paper"),
    path("plans/<int:pk>/versions/", signing.versions, POP, name="plan-versions"),
    path(
        "plans/<int:pk>/versions/<int:number>/pdf",
        signing.version_pdf,
        POP,
        name="plan-version-pdf",
    ),
    path("catalogue/", views_admin.course_list, name="course-list"),
    path("catalogue/new/", views_admin.course_edit, name="course-create"),
    path("catalogue/<int:pk>/", views_admin.course_edit, name="course-edit"),
    path("catalogue/<int:pk>/toggle/", views_admin.course_toggle, name="course-toggle"),
]
