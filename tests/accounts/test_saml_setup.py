"""Setting up SAML: the service provider's metadata, and each university's identity provider."""

import io
from http import HTTPStatus
from pathlib import Path

import onelogin.saml2
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from accounts import saml
from accounts.models import IdentityProvider
from tests.accounts.saml_idp import FakeUniversityIdP, key_and_certificate

pytestmark = pytest.mark.django_db

SCHEMAS = Path(onelogin.saml2.__file__).parent / "schemas"


@pytest.fixture
def signing_key(settings):
    key, certificate = key_and_certificate("hub.example")
    settings.SAML_SP_PRIVATE_KEY, settings.SAML_SP_CERTIFICATE = key, certificate
    saml.service_provider_keys.cache_clear()
    yield certificate
    saml.service_provider_keys.cache_clear()


def _metadata_schema(tmp_path: Path) -> etree.XMLSchema:
    """SAML metadata with its UI-information and entity-attribute extensions, from python3-saml's copies."""
    imports = "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>'
        for namespace, name in (
            ("urn:oasis:names:tc:SAML:2.0:metadata", "saml-schema-metadata-2.0.xsd"),
            ("urn:oasis:names:tc:SAML:metadata:ui", "sstc-saml-metadata-ui-v1.0.xsd"),
            ("urn:oasis:names:tc:SAML:metadata:attribute", "sstc-metadata-attr.xsd"),
        )
    )
    wrapper = tmp_path / "all.xsd"
    wrapper.write_text(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>')
    return etree.XMLSchema(etree.parse(str(wrapper)))


def test_service_provider_metadata_is_valid_saml_metadata_with_what_federations_ask(
    client, world, signing_key, tmp_path
):
    FakeUniversityIdP("a1").register(world.a1)
    FakeUniversityIdP("a2").register(world.a2)

    response = client.get(reverse("accounts:saml_metadata"))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/samlmetadata+xml"
    document = etree.fromstring(response.content)
    schema = _metadata_schema(tmp_path)
    assert schema.validate(document), schema.error_log
    ns = saml.NS
    assert document.get("entityID") == saml.service_provider_entity_id()
    consumers = [e.get("Location") for e in document.iterfind(".//md:AssertionConsumerService", ns)]
    assert [c.rsplit("/", 3)[-3] for c in consumers] == ["a1", "a2"]
    categories = [v.text for v in document.iterfind(".//mdattr:EntityAttributes//saml:AttributeValue", ns)]
    assert set(categories) == set(saml.ENTITY_CATEGORIES)
    requested = {e.get("FriendlyName") for e in document.iterfind(".//md:RequestedAttribute", ns)}
    assert {
        "schacHomeOrganization",
        "eduPersonScopedAffiliation",
        "schacPersonalUniqueCode",
        "mail",
    } <= requested
    assert document.find(".//mdui:PrivacyStatementURL", ns).text.endswith(reverse("privacy:notice"))
    certificate = document.find(".//md:KeyDescriptor[@use='signing']//ds:X509Certificate", ns).text
    assert certificate in signing_key.replace("\n", "")


def test_there_is_no_metadata_before_a_university_has_an_identity_provider(client, world):
    assert client.get(reverse("accounts:saml_metadata")).status_code == HTTPStatus.NOT_FOUND


def test_the_command_sets_and_updates_a_university_s_identity_provider(world, tmp_path):
    idp = FakeUniversityIdP("a1")
    metadata = tmp_path / "idp.xml"
    metadata.write_text(idp.metadata)

    call_command("sso_saml_idp", "a1", metadata_file=metadata, stdout=io.StringIO())
    assert IdentityProvider.objects.get(university=world.a1).entity_id == idp.entity_id

    call_command("sso_saml_idp", "a1", "--metadata-file", str(metadata), "--disable", stdout=io.StringIO())
    assert IdentityProvider.objects.get(university=world.a1).enabled is False
    assert IdentityProvider.objects.count() == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nowhere", "--metadata-url", "https://idp.example/md", "--entity-id", "x"], "No university"),
        (["a1", "--metadata-file", "missing.xml"], "Cannot read"),
        (["a1", "--metadata-file", "not-metadata.xml"], "no identity provider"),
        (["a1", "--metadata-file", "broken.xml"], "not SAML metadata"),
        (["a1", "--metadata-url", "https://idp.example/md"], "--entity-id"),
        (["a1", "--metadata-file", "other.xml", "--entity-id", "https://elsewhere/idp"], "does not describe"),
    ],
)
def test_the_command_refuses_what_cannot_work_and_changes_nothing(
    world, tmp_path, monkeypatch, arguments, message
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "not-metadata.xml").write_text("<html>no</html>")
    (tmp_path / "broken.xml").write_text("<md:EntityDescriptor")
    (tmp_path / "other.xml").write_text(FakeUniversityIdP("a1").metadata)
    with pytest.raises(CommandError, match=message):
        call_command("sso_saml_idp", *arguments)
    assert not IdentityProvider.objects.exists()


def test_a_university_without_a_schac_code_cannot_have_an_identity_provider(world, tmp_path):
    world.a1.schac_code = ""
    world.a1.save(update_fields=["schac_code"])
    metadata = tmp_path / "idp.xml"
    metadata.write_text(FakeUniversityIdP("a1").metadata)
    with pytest.raises(CommandError, match="SCHAC"):
        call_command("sso_saml_idp", "a1", "--metadata-file", str(metadata))
    assert not IdentityProvider.objects.exists()
