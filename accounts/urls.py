from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.language, name="language"),
    path("university/", views.university_sign_in, name="university_sign_in"),
    # Before allauth's saml/<university>/... addresses: the installation's one service provider.
    path("saml/metadata/", views.saml_metadata, name="saml_metadata"),
]
