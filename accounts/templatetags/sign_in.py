from django import template
from django.conf import settings
from django.urls import reverse

from accounts.models import IdentityProvider

register = template.Library()


@register.simple_tag
def university_sign_in_options() -> dict:
    """What the sign-in and sign-up pages offer besides a password: MyAcademicID, the universities."""
    myacademicid = any(app["provider_id"] == "myacademicid" for app in _openid_connect_apps())
    return {
        "myacademicid_name": settings.MYACADEMICID_NAME if myacademicid else "",
        "myacademicid_url": reverse("openid_connect_login", args=["myacademicid"]) if myacademicid else "",
        "universities": IdentityProvider.objects.filter(enabled=True).exists(),
    }


def _openid_connect_apps() -> list[dict]:
    return settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
