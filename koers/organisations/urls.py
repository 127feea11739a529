from django.urls import path

from koers.organisations import views

urlpatterns = [
    path("people/", views.people_list, name="people-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/leave/", views.person_leave, name="person-leave"),
    path("people/<int:pk>/reinstate/", views.person_reinstate, name="person-reinstate"),
    path("organisation/settings/", views.organisation_settings, name="organisation-settings"),
]
