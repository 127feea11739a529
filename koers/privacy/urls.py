from django.urls import path

from koers.privacy import views

urlpatterns = [
    path("privacy/", views.privacy_home, name="privacy-home"),
    path("privacy/mine/export/", views.export_mine, name="privacy-export"),
    path("privacy/<slug:slug>/", views.privacy_page, name="privacy-page"),
]
