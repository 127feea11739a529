from allauth.account import views as allauth_views
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from koers.accounts import views

# Sign-in, sign-out and confirming the password again are allauth's (they run the second-factor
# stage); each is also mounted under allauth's own name, which allauth's pages reverse. The
# second factor's pages are allauth.mfa's. Password reset and change stay Django's.
urlpatterns = [
    path("accounts/login/", allauth_views.login, name="login"),
    path("accounts/login/", allauth_views.login, name="account_login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("accounts/logout/", allauth_views.logout, name="account_logout"),
    path(
        "accounts/reauthenticate/",
        allauth_views.reauthenticate,
        name="account_reauthenticate",
    ),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        views.PasswordResetView.as_view(
            success_url=reverse_lazy("password_reset_done"),
            html_email_template_name=None,
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/profile/", views.profile, name="profile"),
    path("", views.home, name="home"),
]
