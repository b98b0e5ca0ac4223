import logging
from http import HTTPStatus

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from institutions.selectors import university_for_email
from institutions.text import strip_control_characters

from . import saml
from .identity import Statement, statement_of
from .models import IdentityProvider, User
from .services import identity_record

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        """Start a new person with the language they were browsing in."""
        user = super().save_user(request, user, form, commit=False)
        user.language = getattr(request, "LANGUAGE_CODE", user.language) or user.language
        if commit:
            user.save()
        return user

    def get_reauthentication_methods(self, user) -> list[dict]:
        """A mailed code confirms only people who have neither a password nor an authenticator.

        Those who sign in through their university alone have no other way; everyone else
        confirms with what a walk-up stranger at an open mailbox does not have.
        """
        methods = super().get_reauthentication_methods(user)
        if not may_reauthenticate_by_code(user):
            methods = [m for m in methods if m["id"] != "reauthenticate_by_code"]
        return methods

    def get_login_stages(self) -> list[str]:
        """allauth's stages, with a second-factor step that trusts a provider's REFEDS MFA."""
        return [
            "accounts.mfa.AuthenticateStage" if stage == "allauth.mfa.stages.AuthenticateStage" else stage
            for stage in super().get_login_stages()
        ]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through MyAcademicID and the universities' identity providers, without account takeover.

    A sign-in from a provider links to an existing account with the same address only when the
    provider speaks for the university that owns the address's domain (its own identity
    provider, or MyAcademicID stating that university as the home organisation), or when the
    person, signed in, links it themselves. Anyone else is asked to sign in with their password
    first. A university's identity provider that vouches for another organisation is refused.
    """

    def list_apps(self, request: HttpRequest, provider=None, client_id=None) -> list[SocialApp]:
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        providers = IdentityProvider.objects.filter(enabled=True).select_related("university")
        if provider not in (None, "saml"):  # a SAML account names its app by the university's slug
            providers = providers.filter(university__slug=provider)
        if client_id:
            providers = providers.filter(university__slug=client_id)
        for identity_provider in providers:
            try:
                apps.append(saml.social_app(identity_provider))
            except saml.MetadataError:
                logger.exception(
                    "The identity provider of %s has unusable metadata.", identity_provider.university
                )
        return apps

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        statement = statement_of(sociallogin)
        if statement.speaks_for_another_university:
            logger.warning(
                "Refused a sign-in: %s stated home organisation %r.",
                statement.provider,
                statement.home_organization,
            )
            raise ImmediateHttpResponse(
                render(
                    request,
                    "socialaccount/refused.html",
                    {"statement": statement},
                    status=HTTPStatus.FORBIDDEN,
                )
            )
        for address in sociallogin.email_addresses:
            if speaks_for_address(statement, address.email):
                address.verified = True
        if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        for address in sociallogin.email_addresses:
            owner = User.objects.filter(
                emailaddress__email__iexact=address.email, emailaddress__verified=True
            ).first()
            if owner is None:
                continue
            if speaks_for_address(statement, address.email):
                sociallogin.connect(request, owner)
                return
            messages.info(
                request,
                _(
                    "An account with the address %(email)s already exists. Sign in with its password, "
                    "then link your university account from your profile."
                )
                % {"email": address.email},
            )
            raise ImmediateHttpResponse(redirect("account_login"))

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(filter(None, [data.get("first_name"), data.get("last_name")]))
        user.display_name = strip_control_characters(name or "").strip()[:150]
        user.language = getattr(request, "LANGUAGE_CODE", user.language) or user.language
        return user

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form=None):
        user = super().save_user(request, sociallogin, form)
        identity_record(user=user, statement=statement_of(sociallogin))
        return user


def speaks_for_address(statement: Statement, email: str) -> bool:
    """Whether the provider that made ``statement`` is the university that owns ``email``'s domain."""
    owner = university_for_email(email)
    if owner is None:
        return False
    vouching = statement.own_university or statement.home_university
    return vouching is not None and vouching.pk == owner.pk


def may_reauthenticate_by_code(user) -> bool:
    return user.is_authenticated and not user.has_usable_password() and not is_mfa_enabled(user)
