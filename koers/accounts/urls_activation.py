"""The activation pages (issue 10), apart from the login and password views."""

from django.urls import path

from koers.accounts import views_activation

urlpatterns = [
    path("accounts/activate/", views_activation.activate, name="activate"),
    path("accounts/activate/<str:token>/", views_activation.activate_link, name="activate-link"),
]
