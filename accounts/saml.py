"""The installation as one SAML service provider, and each member university's identity provider.

allauth's SAML provider signs people in; this module gives it its configuration: one
service-provider entity for the whole installation (``SAML_SP_*`` settings) and, for each
``IdentityProvider``, the identity provider's endpoints and certificate. It also writes the
service provider's metadata, which a federation operator registers (eduGAIN): an assertion
consumer endpoint per university, the attributes requested and why, and the entity
categories (REFEDS Research and Scholarship, GÉANT Code of Conduct).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as Saml

from .metadata import MetadataError, identity_provider_settings
from .models import IdentityProvider

# Attributes by their OID names (the form eduGAIN identity providers release), with the
# reason each is asked for, as written in the metadata.
REQUESTED_ATTRIBUTES: tuple[tuple[str, str, bool], ...] = (
    ("urn:oid:0.9.2342.19200300.100.1.3", "mail", True),
    ("urn:oid:2.16.840.1.113730.3.1.241", "displayName", False),
    ("urn:oid:2.5.4.42", "givenName", False),
    ("urn:oid:2.5.4.4", "sn", False),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "eduPersonPrincipalName", False),
    ("urn:oasis:names:tc:SAML:attribute:subject-id", "subject-id", False),
    ("urn:oid:1.3.6.1.4.1.25178.1.2.9", "schacHomeOrganization", True),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.9", "eduPersonScopedAffiliation", False),
    ("urn:oid:1.3.6.1.4.1.25178.1.2.14", "schacPersonalUniqueCode", False),
)
HOME_ORGANIZATION = "urn:oid:1.3.6.1.4.1.25178.1.2.9"
SCOPED_AFFILIATION = "urn:oid:1.3.6.1.4.1.5923.1.1.1.9"
PERSONAL_UNIQUE_CODE = "urn:oid:1.3.6.1.4.1.25178.1.2.14"
ATTRIBUTE_MAPPING = {
    "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id", "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"],
    "email": ["urn:oid:0.9.2342.19200300.100.1.3", "mail"],
    "name": ["urn:oid:2.16.840.1.113730.3.1.241", "displayName"],
    "first_name": ["urn:oid:2.5.4.42", "givenName"],
    "last_name": ["urn:oid:2.5.4.4", "sn"],
}
ENTITY_CATEGORIES = (
    "http://refeds.org/category/research-and-scholarship",
    "http://www.geant.net/uri/dataprotection-code-of-conduct/v1",
)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {
    "md": "urn:oasis:names:tc:SAML:2.0:metadata",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "mdattr": "urn:oasis:names:tc:SAML:metadata:attribute",
    "mdui": "urn:oasis:names:tc:SAML:metadata:ui",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}


def _pem_body(value: str) -> str:
    """A certificate or key given as PEM text or as the path of a PEM file."""
    if value and not value.lstrip().startswith("-----BEGIN"):
        value = Path(value).read_text(encoding="ascii")
    return value.strip()


@cache
def service_provider_keys() -> tuple[str, str]:
    """The service provider's signing certificate and private key (PEM), or empty strings."""
    return _pem_body(settings.SAML_SP_CERTIFICATE), _pem_body(settings.SAML_SP_PRIVATE_KEY)


def service_provider_entity_id() -> str:
    return settings.SAML_SP_ENTITY_ID or f"{settings.SITE_URL}{reverse('accounts:saml_metadata')}"


def social_app(provider: IdentityProvider) -> SocialApp:
    """allauth's configuration for signing in through ``provider`` (never saved: built each time)."""
    university = provider.university
    certificate, key = service_provider_keys()
    if provider.metadata_xml:
        idp = identity_provider_settings(provider.metadata_xml, entity_id=provider.entity_id)
    else:
        idp = {"entity_id": provider.entity_id, "metadata_url": provider.metadata_url}
    advanced = {
        "want_assertion_signed": True,
        "reject_idp_initiated_sso": True,
        "authn_request_signed": bool(certificate and key),
        "strict": True,
    }
    if certificate and key:
        advanced |= {"x509cert": certificate, "private_key": key}
    return SocialApp(
        provider="saml",
        provider_id=university.slug,
        client_id=university.slug,
        name=university.name,
        settings={
            "idp": idp,
            "sp": {"entity_id": service_provider_entity_id()},
            "attribute_mapping": ATTRIBUTE_MAPPING,
            "advanced": advanced,
        },
    )


@dataclass(frozen=True)
class Endpoint:
    slug: str
    location: str


def service_provider_metadata() -> bytes:
    """The installation's SAML metadata: one entity, an assertion consumer per university.

    Raises ``MetadataError`` while no identity provider is enabled: the metadata needs at
    least one assertion consumer.
    """
    certificate, _key = service_provider_keys()
    base = settings.SITE_URL
    endpoints = [
        Endpoint(slug, f"{base}{reverse('saml_acs', args=[slug])}")
        for slug in IdentityProvider.objects.filter(enabled=True)
        .order_by("university__slug")
        .values_list("university__slug", flat=True)
    ]
    if not endpoints:
        raise MetadataError(_("No university's identity provider is enabled yet."))

    def element(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
        prefix, name = tag.split(":")
        node = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", attributes)
        if text is not None:
            node.text = text
        return node

    root = etree.Element(f"{{{NS['md']}}}EntityDescriptor", nsmap=NS, entityID=service_provider_entity_id())
    extensions = element(root, "md:Extensions")
    categories = element(element(extensions, "mdattr:EntityAttributes"), "saml:Attribute")
    categories.set("Name", "http://macedir.org/entity-category")
    categories.set("NameFormat", "urn:oasis:names:tc:SAML:2.0:attrname-format:uri")
    for category in ENTITY_CATEGORIES:
        element(categories, "saml:AttributeValue", category)

    sp = element(
        root,
        "md:SPSSODescriptor",
        protocolSupportEnumeration=Saml.NS_SAMLP,
        AuthnRequestsSigned="true" if certificate else "false",
        WantAssertionsSigned="true",
    )
    ui = element(element(sp, "md:Extensions"), "mdui:UIInfo")
    for name, value in (
        ("mdui:DisplayName", settings.SAML_SP_DISPLAY_NAME),
        ("mdui:Description", settings.SAML_SP_DESCRIPTION),
        ("mdui:InformationURL", f"{base}/"),
        ("mdui:PrivacyStatementURL", f"{base}{reverse('privacy:notice')}"),
    ):
        element(ui, name, value).set(XML_LANG, "en")
    if certificate:
        body = "".join(line for line in certificate.splitlines() if "-----" not in line)
        for use in ("signing", "encryption"):
            key_info = element(element(sp, "md:KeyDescriptor", use=use), "ds:KeyInfo")
            element(element(key_info, "ds:X509Data"), "ds:X509Certificate", body)
    element(sp, "md:NameIDFormat", Saml.NAMEID_PERSISTENT)
    element(sp, "md:NameIDFormat", Saml.NAMEID_TRANSIENT)
    for index, endpoint in enumerate(endpoints):
        element(
            sp,
            "md:AssertionConsumerService",
            Binding=Saml.BINDING_HTTP_POST,
            Location=endpoint.location,
            index=str(index),
            isDefault="true" if index == 0 else "false",
        )
    service = element(sp, "md:AttributeConsumingService", index="0")
    element(service, "md:ServiceName", settings.SAML_SP_DISPLAY_NAME).set(XML_LANG, "en")
    for oid, friendly, required in REQUESTED_ATTRIBUTES:
        element(
            service,
            "md:RequestedAttribute",
            FriendlyName=friendly,
            Name=oid,
            NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
            isRequired="true" if required else "false",
        )

    organization = element(root, "md:Organization")
    for name, value in (
        ("md:OrganizationName", settings.SAML_SP_DISPLAY_NAME),
        ("md:OrganizationDisplayName", settings.SAML_SP_DISPLAY_NAME),
        ("md:OrganizationURL", f"{base}/"),
    ):
        element(organization, name, value).set(XML_LANG, "en")
    for contact_type in ("technical", "support"):
        contact = element(root, "md:ContactPerson", contactType=contact_type)
        element(contact, "md:EmailAddress", f"mailto:{settings.SAML_SP_CONTACT_EMAIL}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
