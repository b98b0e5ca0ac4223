import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .sdgs import SDG_NAMES

domain_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Enter a lower-case domain name such as univ-example.fr."),
    code="invalid_domain",
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone."),
            code="invalid_time_zone",
            params={"value": value},
        )


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 UN goals, stored so that alliances and opportunities can refer to it."""

    number = models.PositiveSmallIntegerField(
        primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return str(SDG_NAMES[self.number])


class Alliance(models.Model):
    """A European Universities alliance and its central office."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]+$", _("Use capital letters and digits only."))],
        help_text=_("Short code used in enquiry references, e.g. EC2U."),
    )
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    office_name = models.CharField(_("central office name"), max_length=200, blank=True)
    office_address = models.TextField(_("central office postal address"), blank=True)
    office_phone = models.CharField(_("central office phone"), max_length=40, blank=True)
    office_email = models.EmailField(_("central office e-mail"), blank=True)
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="alliances",
        verbose_name=_("sustainable development goals"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self) -> str:
        return self.code


class University(models.Model):
    """A member institution of an alliance."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.PROTECT, related_name="universities", verbose_name=_("alliance")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    slug = models.SlugField(_("slug"), unique=True)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", validators=[validate_time_zone]
    )
    erasmus_code = models.CharField(_("Erasmus code"), max_length=30, blank=True)
    schac_code = models.CharField(
        _("SCHAC code"),
        max_length=253,
        blank=True,
        validators=[domain_validator],
        help_text=_("The institution's identifier in Erasmus Without Paper and eduGAIN."),
    )
    website = models.URLField(_("website"), blank=True)
    is_coordinating = models.BooleanField(
        _("coordinating institution"),
        default=False,
        help_text=_("The institution that coordinates the alliance."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("university")
        verbose_name_plural = _("universities")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance"],
                condition=models.Q(is_coordinating=True),
                name="one_coordinating_university_per_alliance",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:institutions_university_change", args=[self.pk])


class EmailDomain(models.Model):
    """An e-mail domain of a university; its sub-domains belong to the university too."""

    university = models.ForeignKey(
        University,
        on_delete=models.CASCADE,
        related_name="email_domains",
        verbose_name=_("university"),
    )
    domain = models.CharField(_("domain"), max_length=253, unique=True, validators=[domain_validator])

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self) -> str:
        return self.domain


class Theme(models.Model):
    """A thematic structure of an alliance: a work package or a virtual institute."""

    class Kind(models.TextChoices):
        WORK_PACKAGE = "work-package", _("Work package")
        VIRTUAL_INSTITUTE = "virtual-institute", _("Virtual institute")
        THEME = "theme", _("Theme")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="themes", verbose_name=_("alliance")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("e.g. WP3"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["alliance", "kind", "code", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="unique_theme_slug_per_alliance"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()
