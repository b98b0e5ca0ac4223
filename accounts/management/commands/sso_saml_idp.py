"""``manage.py sso_saml_idp UNIVERSITY_SLUG --metadata-file FILE``: a university's SAML identity provider."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.metadata import MetadataError, metadata_entity_id
from accounts.services import identity_provider_save
from institutions.models import University


class Command(BaseCommand):
    help = (
        "Set the SAML identity provider through which a member university's people sign in, from its "
        "metadata (a file, or an address to fetch it from). Running it again updates it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("university", metavar="UNIVERSITY_SLUG")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--metadata-file", type=Path, help="the identity provider's metadata (XML)")
        source.add_argument("--metadata-url", help="where its metadata is published (fetched at sign-in)")
        parser.add_argument("--entity-id", help="its entity ID (default: the first one in the metadata file)")
        parser.add_argument(
            "--disable", action="store_true", help="keep it, but let nobody sign in through it"
        )

    def handle(
        self, *args, university: str, metadata_file, metadata_url, entity_id, disable, **options
    ) -> None:
        found = University.objects.filter(slug=university).first()
        if found is None:
            raise CommandError(f"No university has the slug {university!r}.")
        xml = ""
        if metadata_file is not None:
            try:
                xml = metadata_file.read_text(encoding="utf-8")
                entity_id = entity_id or metadata_entity_id(xml)
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {metadata_file}: {error}") from None
            except MetadataError as error:
                raise CommandError(error.message) from None
        if not entity_id:
            raise CommandError("Give --entity-id with --metadata-url.")
        try:
            provider, created = identity_provider_save(
                university=found, entity_id=entity_id, metadata_url=metadata_url or "", metadata_xml=xml,
                enabled=not disable,
            )  # fmt: skip
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        verb = "Added" if created else "Updated"
        state = "enabled" if provider.enabled else "disabled"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} the identity provider of {found.name}: {entity_id} ({state}).")
        )
