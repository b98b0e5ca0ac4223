"""Reading an identity provider's SAML metadata: its entity ID, single sign-on address and certificate."""

from django.utils.translation import gettext as _
from lxml import etree
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

MD = "urn:oasis:names:tc:SAML:2.0:metadata"


class MetadataError(Exception):
    """Identity-provider metadata that cannot be used; ``message`` says why, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def identity_provider_settings(metadata_xml: str, *, entity_id: str) -> dict[str, str]:
    """The endpoint and certificate of ``entity_id`` in ``metadata_xml``, as allauth wants them."""
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(metadata_xml, entity_id=entity_id)
    except Exception as error:  # the parser raises bare exceptions on malformed XML
        raise MetadataError(_("This is not SAML metadata.")) from error
    idp = parsed.get("idp") or {}
    sso_url = (idp.get("singleSignOnService") or {}).get("url")
    certificate = idp.get("x509cert") or next(iter((idp.get("x509certMulti") or {}).get("signing", [])), None)
    if idp.get("entityId") != entity_id:
        raise MetadataError(_("The metadata does not describe this entity ID."))
    if not sso_url or not certificate:
        raise MetadataError(
            _("The metadata has no single sign-on address (HTTP-Redirect) or no signing certificate.")
        )
    return {"entity_id": entity_id, "sso_url": sso_url, "x509cert": certificate}


def metadata_entity_id(metadata_xml: str) -> str:
    """The entity ID of the first identity provider described in ``metadata_xml``."""
    try:
        root = etree.fromstring(  # nosec B320: no DTD, no network, no entities
            metadata_xml.encode(), parser=etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError as error:
        raise MetadataError(_("This is not SAML metadata.")) from error
    for entity in root.iter(f"{{{MD}}}EntityDescriptor"):
        if entity.find(f"{{{MD}}}IDPSSODescriptor") is not None:
            return entity.get("entityID", "")
    raise MetadataError(_("The metadata describes no identity provider."))
