from typing import ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Alliance, University

from .metadata import MetadataError, identity_provider_settings


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address.

    ``home_university`` is derived, never chosen: from the verified primary e-mail
    address, or from a site administrator's recorded override (``accounts.services``).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=150, blank=True, help_text=_("How staff and others see you.")
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages and e-mails are shown to you in this language."),
    )
    home_university = models.ForeignKey(
        University,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("home university"),
    )
    is_staff = models.BooleanField(
        _("site administrator"), default=False, help_text=_("May sign in to the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


def user_display(user: User) -> str:
    """Name shown for ``user`` in allauth's pages and mails."""
    return str(user)


class AffiliationOverride(models.Model):
    """A site administrator's decision on a person's home university, kept for the record.

    The active override (``ended_at`` empty) wins over the e-mail domain; a null
    ``university`` means "no member university".
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="affiliation_overrides",
        verbose_name=_("person"),
    )
    university = models.ForeignKey(
        University,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home university"),
        help_text=_("Leave empty to record that the person belongs to no member university."),
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("set at"), default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("set by")
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("affiliation override")
        verbose_name_plural = _("affiliation overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_affiliation_override_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.university or _('no member university')}"


class Role(models.Model):
    """A person's organisational role: a university's coordinator, or an alliance's central office.

    Roles grant management rights (queues, opportunities, figures); which queues a person
    triages is a separate matter of queue membership.
    """

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Local coordinator")
        CENTRAL_OFFICE = "central-office", _("Central office")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person"))
    kind = models.CharField(_("role"), max_length=20, choices=Kind)
    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="roles", verbose_name=_("alliance")
    )
    university = models.ForeignKey(
        University,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("university"),
        help_text=_("The coordinated university; empty for the central office."),
    )

    class Meta:
        ordering = ["alliance", "university", "kind"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="coordinator", university__isnull=False)
                    | models.Q(kind="central-office", university__isnull=True)
                ),
                name="coordinator_has_university_central_office_has_none",
            ),
            models.UniqueConstraint(
                fields=["user", "university"],
                condition=models.Q(kind="coordinator"),
                name="one_coordinator_role_per_person_and_university",
            ),
            models.UniqueConstraint(
                fields=["user", "alliance"],
                condition=models.Q(kind="central-office"),
                name="one_central_office_role_per_person_and_alliance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} ({self.university or self.alliance})"

    def clean(self) -> None:
        university = self.university if self.university_id else None
        if university is not None and self.alliance_id and university.alliance_id != self.alliance_id:
            raise ValidationError(
                {"university": _("The university must be a member of the alliance.")},
                code="university_outside_alliance",
            )


class IdentityProvider(models.Model):
    """A member university's SAML identity provider, through which its people sign in (eduGAIN).

    The metadata comes from its address (fetched and cached) or is pasted as XML. The
    installation is one service provider for every university (``accounts.saml``).
    """

    university = models.OneToOneField(
        University,
        on_delete=models.CASCADE,
        related_name="identity_provider",
        verbose_name=_("university"),
    )
    entity_id = models.CharField(
        _("entity ID"),
        max_length=1024,
        unique=True,
        help_text=_("The identity provider's SAML entity ID, as in its metadata."),
    )
    metadata_url = models.URLField(
        _("metadata address"),
        max_length=1024,
        blank=True,
        help_text=_("Where its metadata is published (the federation's or the university's)."),
    )
    metadata_xml = models.TextField(
        _("metadata XML"), blank=True, help_text=_("Or the metadata itself, when it has no address.")
    )
    enabled = models.BooleanField(
        _("enabled"), default=True, help_text=_("Switched off, nobody can sign in through it.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["university__name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(metadata_url="", metadata_xml=""),
                name="identity_provider_has_metadata",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.university}: {self.entity_id}"

    def clean(self) -> None:
        if self.university_id and not self.university.schac_code:
            raise ValidationError(
                {
                    "university": _(
                        "Give the university its SCHAC code first: sign-ins are checked against it."
                    )
                },
                code="schac_code_missing",
            )
        if not self.metadata_url and not self.metadata_xml:
            raise ValidationError(
                _("Give the metadata's address or the metadata itself."), code="metadata_missing"
            )
        if self.metadata_xml:
            try:
                identity_provider_settings(self.metadata_xml, entity_id=self.entity_id)
            except MetadataError as error:
                raise ValidationError({"metadata_xml": error.message}, code="metadata_invalid") from error


class UniversityIdentity(models.Model):
    """What a person's identity provider said about them when they last signed in through it."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="university_identity", verbose_name=_("person")
    )
    provider = models.CharField(_("signed in through"), max_length=150)
    home_organization = models.CharField(
        _("home organisation"),
        max_length=253,
        blank=True,
        help_text=_("schacHomeOrganization, as the identity provider stated it."),
    )
    home_university = models.ForeignKey(
        University,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home university"),
        help_text=_("The member university whose SCHAC code the home organisation is."),
    )
    affiliations = models.JSONField(
        _("affiliations"), default=list, blank=True, help_text=_("eduPersonScopedAffiliation, e.g. student@…")
    )
    european_student_identifier = models.CharField(
        _("European Student Identifier"), max_length=255, blank=True
    )
    asserted_at = models.DateTimeField(_("stated at"), default=timezone.now)

    class Meta:
        verbose_name = _("university identity")
        verbose_name_plural = _("university identities")

    def __str__(self) -> str:
        return f"{self.user}: {self.home_organization or '—'}"


class HomeUniversityChange(models.Model):
    """A change of a person's home university, with what decided it."""

    class Source(models.TextChoices):
        OVERRIDE = "override", _("Site administrator's override")
        IDENTITY_PROVIDER = "identity-provider", _("Identity provider")
        EMAIL = "email", _("Verified e-mail address")
        NONE = "none", _("Nothing any more")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="home_university_changes", verbose_name=_("person")
    )
    university = models.ForeignKey(
        University,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home university"),
    )
    source = models.CharField(_("decided by"), max_length=20, choices=Source)
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("home university change")
        verbose_name_plural = _("home university changes")
        indexes = [models.Index(fields=["user", "-created_at"], name="home_change_user")]

    def __str__(self) -> str:
        return f"{self.user}: {self.university or '—'} ({self.get_source_display()})"
