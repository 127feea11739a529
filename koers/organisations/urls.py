from django.urls import path

from koers.organisations import views, views_structure, views_transfer

urlpatterns = [
    path("people/", views.people_list, name="people-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/import/", views_transfer.people_import, name="people-import"),
    path(
        "people/import/<int:pk>/",
        views_transfer.people_import_report,
        name="people-import-report",
    ),
    path(
        "people/import/<int:pk>/apply/",
        views_transfer.people_import_apply,
        name="people-import-apply",
    ),
    path("people/export.csv", views_transfer.people_export_csv, name="people-export-csv"),
    path("people/export.xlsx", views_transfer.people_export_xlsx, name="people-export-xlsx"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/leave/", views.person_leave, name="person-leave"),
    path("people/<int:pk>/reinstate/", views.person_reinstate, name="person-reinstate"),
    path("people/<int:pk>/access/", views_structure.person_access, name="person-access"),
    path(
        "people/<int:pk>/access/letter.pdf",
        views_structure.person_activation_letter,
        name="person-activation-letter",
    ),
    path("organisation/settings/", views.organisation_settings, name="organisation-settings"),
    path("organisation/working-days/", views.working_days, name="organisation-working-days"),
    path("organisation/teams/", views_structure.team_list, name="team-list"),
    path("organisation/teams/suggest/", views.team_suggestions, name="team-suggestions"),
    path("organisation/teams/new/", views_structure.team_edit, name="team-create"),
    path("organisation/teams/<int:pk>/", views_structure.team_edit, name="team-edit"),
    path("organisation/teams/<int:pk>/delete/", views_structure.team_delete, name="team-delete"),
    path(
        "organisation/departments/<int:pk>/delete/",
        views_structure.department_delete,
        name="department-delete",
    ),
]
