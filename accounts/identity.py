"""What an identity provider says about the person signing in, read alike from SAML and OpenID Connect.

MyAcademicID (OpenID Connect) and each member university's SAML identity provider state the
person's home organisation (its SCHAC code), their affiliations and their European Student
Identifier, and whether they signed in with a second factor (the REFEDS MFA profile). The
providers below are allauth's own, configured with ``SOCIALACCOUNT_PROVIDERS[...]["provider_class"]``
so that they keep what allauth leaves out (a SAML response's authentication context) and
answer a provider that is down with a page rather than an error.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import requests
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.http import HttpRequest, HttpResponse
from onelogin.saml2.errors import OneLogin_Saml2_Error

from institutions.models import University

from . import saml

logger = logging.getLogger(__name__)

REFEDS_MFA = "https://refeds.org/profile/mfa"
ESI_PREFIX = "urn:schac:personalUniqueCode:int:esi:"


class UniversitySAMLProvider(SAMLProvider):
    """allauth's SAML provider, keeping the response's authentication context besides its attributes."""

    package = "allauth.socialaccount.providers.saml"  # its addresses and views stay allauth's

    def extract_extra_data(self, data) -> dict:
        return {"attributes": data.get_attributes(), "authn_contexts": list(data.get_last_authn_contexts())}

    def redirect(self, request: HttpRequest, process, next_url=None, data=None, **kwargs) -> HttpResponse:
        try:
            return super().redirect(request, process, next_url=next_url, data=data, **kwargs)
        except (OSError, saml.MetadataError, OneLogin_Saml2_Error, KeyError, ValueError) as error:
            logger.warning("SAML sign-in through %s could not start: %s", self.app.client_id, error)
            return render_authentication_error(request, self, exception=error)


class MyAcademicIDProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, with a page rather than an error when the provider is down."""

    package = "allauth.socialaccount.providers.openid_connect"

    def redirect_from_request(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().redirect_from_request(request)
        except requests.RequestException as error:
            logger.warning(
                "OpenID Connect sign-in through %s could not start: %s", self.app.provider_id, error
            )
            return render_authentication_error(request, self, exception=error)


@dataclass(frozen=True)
class Statement:
    """What one sign-in's identity provider said about the person."""

    provider: str  # "saml:<university slug>" or "openid_connect:<provider id>"
    own_university: University | None  # a university's own identity provider; None for a proxy
    home_organization: str = ""
    affiliations: list[str] = field(default_factory=list)
    european_student_identifier: str = ""
    multi_factor: bool = False

    @property
    def home_university(self) -> University | None:
        """The member university the home organisation names, if any."""
        if not self.home_organization:
            return self.own_university
        return University.objects.filter(schac_code__iexact=self.home_organization).first()

    @property
    def speaks_for_another_university(self) -> bool:
        """A university's identity provider vouching for someone of another organisation."""
        own = self.own_university
        return bool(
            own and self.home_organization and self.home_organization.lower() != own.schac_code.lower()
        )


def _values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Iterable):
        return [str(v) for v in value if v]
    return [str(value)]


def _esi(codes: list[str]) -> str:
    return next((code for code in codes if code.lower().startswith(ESI_PREFIX.lower())), "")


def provider_key(provider) -> str:
    """How a provider is named in the person's record: ``saml:<university slug>``, ``openid_connect:<id>``."""
    if provider.id == "saml":
        return f"saml:{provider.app.client_id}"
    return f"{provider.id}:{provider.app.provider_id}"


def statement_of(sociallogin: SocialLogin) -> Statement:
    """What the provider of ``sociallogin`` said, whichever protocol it spoke."""
    provider = sociallogin.provider
    data = sociallogin.account.extra_data or {}
    if provider.id == "saml":
        attributes = data.get("attributes", {})
        slug = provider.app.client_id
        return Statement(
            provider=provider_key(provider),
            own_university=University.objects.filter(slug=slug).first(),
            home_organization=next(iter(_values(attributes.get(saml.HOME_ORGANIZATION))), ""),
            affiliations=_values(attributes.get(saml.SCOPED_AFFILIATION)),
            european_student_identifier=_esi(_values(attributes.get(saml.PERSONAL_UNIQUE_CODE))),
            multi_factor=REFEDS_MFA in data.get("authn_contexts", []),
        )
    claims = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return Statement(
        provider=provider_key(provider),
        own_university=None,
        home_organization=next(iter(_values(claims.get("schac_home_organization"))), ""),
        affiliations=_values(
            claims.get("voperson_external_affiliation") or claims.get("eduperson_scoped_affiliation")
        ),
        european_student_identifier=_esi(_values(claims.get("schac_personal_unique_code"))),
        multi_factor=REFEDS_MFA in _values((data.get("id_token") or {}).get("acr")),
    )
