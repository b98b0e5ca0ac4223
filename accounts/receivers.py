"""Keep the home university in step with allauth's e-mail address changes.

allauth announces verification and primary-address changes only through its signals,
so this is the one place the account flow reaches ``accounts.services``.
"""

from allauth.account.signals import email_changed, email_confirmed, email_removed
from django.dispatch import receiver

from .services import user_refresh_home_university


@receiver(email_confirmed, dispatch_uid="accounts-email-confirmed")
def on_email_confirmed(sender, email_address, **kwargs) -> None:
    user_refresh_home_university(user=email_address.user)


@receiver(email_changed, dispatch_uid="accounts-email-changed")
@receiver(email_removed, dispatch_uid="accounts-email-removed")
def on_primary_email_changed(sender, user, **kwargs) -> None:
    user_refresh_home_university(user=user)
