from django.urls import path

from koers.privacy import views, views_rights

# Mijn gegevens sits next to the dossier log (dossier/log/), HR's requests next to the people
# list: under privacy/ an organisation's slug could take the name.
urlpatterns = [
    path("privacy/", views.privacy_home, name="privacy-home"),
    path("privacy/mine/export/", views.export_mine, name="privacy-export"),
    path("dossier/data/", views_rights.my_data, name="privacy-mine"),
    path("dossier/data/correct/<slug:field>/", views_rights.correct, name="privacy-correct"),
    path("people/corrections/", views_rights.correction_list, name="privacy-corrections"),
    path(
        "people/corrections/<int:pk>/",
        views_rights.correction_detail,
        name="privacy-correction",
    ),
    path("privacy/people/<int:pk>/export/", views.export_person, name="privacy-export-person"),
    path("privacy/<slug:slug>/", views.privacy_page, name="privacy-page"),
]
