from django.urls import include, path

from mensenhandel.access.registry import token_path

from . import views

account_patterns = [
    path("", views.AccountView.as_view(), name="overzicht"),
    path("wachtwoord/", views.PasswordChangeView.as_view(), name="wachtwoord_wijzigen"),
    path("reservecodes/", views.BackupCodesView.as_view(), name="reservecodes"),
    path("overal-uitloggen/", views.LogoutEverywhereView.as_view(), name="overal_uitloggen"),
    path("sessie-verlengen/", views.KeepSessionView.as_view(), name="sessie_verlengen"),
    path("wachtwoord-vergeten/", views.PasswordResetRequestView.as_view(), name="wachtwoord_vergeten"),
    token_path("activeren/<str:token>/", views.ActivationView.as_view(), name="activeren"),
    token_path("wachtwoord-herstellen/<str:token>/", views.PasswordResetView.as_view(), name="wachtwoord_herstellen"),
]

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/code/", views.LoginCodeView.as_view(), name="login_code"),
    path("inloggen/oidc/", views.OidcStartView.as_view(), name="oidc_start"),
    path("inloggen/oidc/terug/", views.OidcCallbackView.as_view(), name="oidc_callback"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("account/", include((account_patterns, "account"))),
]
