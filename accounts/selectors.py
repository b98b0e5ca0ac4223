from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount
from django.db.models import Q, QuerySet

from .models import HomeUniversityChange, IdentityProvider, Role, UniversityIdentity, User


@dataclass(frozen=True)
class Roles:
    """What a person may manage: universities they coordinate, alliances whose office they are."""

    coordinated_university_ids: frozenset[int]
    central_office_alliance_ids: frozenset[int]

    @property
    def is_staff_of_any(self) -> bool:
        return bool(self.coordinated_university_ids or self.central_office_alliance_ids)


NO_ROLES = Roles(frozenset(), frozenset())


def roles_of(user: User) -> Roles:
    """Return ``user``'s organisational roles (cached on the user object for the request)."""
    if not user.is_authenticated:
        return NO_ROLES
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        roles = Role.objects.filter(user=user).order_by()  # no join for the default ordering
        rows = list(roles.values_list("kind", "alliance_id", "university_id"))
        cached = Roles(
            frozenset(u for kind, _, u in rows if kind == Role.Kind.COORDINATOR),
            frozenset(a for kind, a, _ in rows if kind == Role.Kind.CENTRAL_OFFICE),
        )
        user._roles_cache = cached
    return cached


def coordinators_of(university_ids: list[int]) -> dict[int, list[User]]:
    """Return the coordinators of each of the given universities."""
    result: dict[int, list[User]] = {}
    for role in (
        Role.objects.filter(kind=Role.Kind.COORDINATOR, university_id__in=university_ids)
        .select_related("user")
        .order_by("user__email")
    ):
        result.setdefault(role.university_id, []).append(role.user)
    return result


def identity_providers(query: str = "") -> QuerySet[IdentityProvider]:
    """The enabled identity providers, by university name; those whose university matches ``query``."""
    providers = (
        IdentityProvider.objects.filter(enabled=True)
        .select_related("university")
        .order_by("university__name")
    )
    if query:
        providers = providers.filter(
            Q(university__name__icontains=query)
            | Q(university__short_name__icontains=query)
            | Q(university__city__icontains=query)
        )
    return providers


def linked_accounts(user: User) -> list[SocialAccount]:
    """The university accounts (identity providers) ``user`` has linked, each with its provider."""
    return list(SocialAccount.objects.filter(user=user).order_by("date_joined"))


def stated_affiliations(user_id: int | None) -> list[str]:
    """The affiliations (``student@…``) the person's identity provider last stated, if any."""
    if user_id is None:
        return []
    found = UniversityIdentity.objects.filter(user_id=user_id).values_list("affiliations", flat=True).first()
    return list(found or [])


def home_university_source(user: User) -> str:
    """What decided ``user``'s home university now (a ``HomeUniversityChange.Source``), or ""."""
    latest = HomeUniversityChange.objects.filter(user=user).values_list("source", flat=True).first()
    return latest or ""
