from django.urls import path

from koers.audit import views

urlpatterns = [
    path("dossier/log/", views.dossier_log, name="dossier-log"),
]
