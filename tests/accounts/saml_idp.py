"""A university's SAML identity provider for the tests: real keys, real signed XML (python3-saml)."""

import base64
import datetime as dt
import uuid
import zlib
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as Saml
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from accounts.models import IdentityProvider

MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241"
SUBJECT_ID = "urn:oasis:names:tc:SAML:attribute:subject-id"
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
MFA_CONTEXT = "https://refeds.org/profile/mfa"


def key_and_certificate(common_name: str) -> tuple[str, str]:
    """A new RSA key and a self-signed certificate for it, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def _certificate_body(pem: str) -> str:
    return "".join(line for line in pem.splitlines() if "-----" not in line)


@dataclass
class FakeUniversityIdP:
    """The identity provider of one university: its metadata, and responses it signs."""

    slug: str
    entity_id: str = ""
    key: str = ""
    certificate: str = ""
    sso_url: str = ""
    people: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.entity_id = self.entity_id or f"https://idp.{self.slug}.example/idp/shibboleth"
        self.sso_url = self.sso_url or f"https://idp.{self.slug}.example/idp/profile/SAML2/Redirect/SSO"
        if not self.key:
            self.key, self.certificate = key_and_certificate(f"idp.{self.slug}.example")

    @property
    def metadata(self) -> str:
        return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{self.entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{_certificate_body(self.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="{Saml.BINDING_HTTP_REDIRECT}" Location="{self.sso_url}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""

    def register(self, university, **fields) -> IdentityProvider:
        return IdentityProvider.objects.create(
            university=university, entity_id=self.entity_id, metadata_xml=self.metadata, **fields
        )

    def response(
        self,
        *,
        request_id: str | None,
        acs_url: str,
        audience: str,
        attributes: dict[str, list[str]],
        name_id: str = "",
        authn_context: str = PASSWORD_CONTEXT,
        valid_for: dt.timedelta = dt.timedelta(minutes=5),
        sign_with: tuple[str, str] | None = None,
        signed: bool = True,
    ) -> str:
        """A SAML Response with one assertion, signed with this provider's key (or ``sign_with``)."""
        now = dt.datetime.now(dt.UTC)
        instant = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        until = (now + valid_for).strftime("%Y-%m-%dT%H:%M:%SZ")
        in_response_to = f' InResponseTo="{request_id}"' if request_id else ""
        assertion_id = f"_{uuid.uuid4().hex}"
        values = "".join(
            f'<saml:Attribute Name="{name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">'
            + "".join(f"<saml:AttributeValue>{value}</saml:AttributeValue>" for value in vals)
            + "</saml:Attribute>"
            for name, vals in attributes.items()
        )
        assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{assertion_id}" Version="2.0" IssueInstant="{instant}">
<saml:Issuer>{self.entity_id}</saml:Issuer>
<saml:Subject><saml:NameID Format="{Saml.NAMEID_PERSISTENT}">{name_id or uuid.uuid4().hex}</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{until}" Recipient="{acs_url}"{in_response_to}/></saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="{instant}" NotOnOrAfter="{until}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
<saml:AuthnStatement AuthnInstant="{instant}" SessionIndex="{assertion_id}"><saml:AuthnContext><saml:AuthnContextClassRef>{authn_context}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
<saml:AttributeStatement>{values}</saml:AttributeStatement>
</saml:Assertion>"""
        if signed:
            key, certificate = sign_with or (self.key, self.certificate)
            assertion = OneLogin_Saml2_Utils.add_sign(
                assertion, key, certificate, sign_algorithm=Saml.RSA_SHA256, digest_algorithm=Saml.SHA256
            ).decode()
            assertion = assertion.split("?>", 1)[-1] if assertion.startswith("<?xml") else assertion
        return f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{instant}" Destination="{acs_url}"{in_response_to}>
<saml:Issuer>{self.entity_id}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
{assertion}
</samlp:Response>"""


def authn_request(redirect_url: str) -> etree._Element:
    """The AuthnRequest that the hub sent in ``redirect_url`` (HTTP-Redirect binding)."""
    query = parse_qs(urlsplit(redirect_url).query)
    xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
    return etree.fromstring(xml)


def encoded(response: str) -> str:
    return base64.b64encode(response.encode()).decode()
