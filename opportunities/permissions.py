from django.conf import settings
from rest_framework.permissions import BasePermission


class CatalogueAccess(BasePermission):
    """Signed-in people, or everyone when the installation opens the catalogue."""

    def has_permission(self, request, view) -> bool:
        return settings.OPPORTUNITIES_PUBLIC or request.user.is_authenticated
