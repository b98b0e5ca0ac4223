"""Keep the home university and the sessions in step with allauth's account changes.

allauth announces verification, primary-address and authenticator changes only through its
signals, so this is the one place the account flow reaches ``accounts.services``.
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import email_changed, email_confirmed, email_removed, user_logged_in
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.socialaccount.signals import social_account_added, social_account_removed
from django.dispatch import receiver

from .identity import provider_key, statement_of
from .services import identity_forget, identity_record, sessions_end, user_refresh_home_university


@receiver(email_confirmed, dispatch_uid="accounts-email-confirmed")
def on_email_confirmed(sender, email_address, **kwargs) -> None:
    user_refresh_home_university(user=email_address.user)


@receiver(email_changed, dispatch_uid="accounts-email-changed")
@receiver(email_removed, dispatch_uid="accounts-email-removed")
def on_primary_email_changed(sender, user, **kwargs) -> None:
    user_refresh_home_university(user=user)


@receiver(authenticator_added, dispatch_uid="accounts-authenticator-added")
def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    """Count the session that proved the new authenticator as passed; end the others."""
    if authenticator.type in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    sessions_end(user=user, keep=request.session.session_key)


@receiver(authenticator_removed, dispatch_uid="accounts-authenticator-removed")
def on_authenticator_removed(sender, request, user, **kwargs) -> None:
    sessions_end(user=user, keep=request.session.session_key)


@receiver(user_logged_in, dispatch_uid="accounts-signed-in-through-a-provider")
def on_signed_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    """Keep what the identity provider said; its REFEDS MFA counts as this session's second factor."""
    if sociallogin is None:
        return
    statement = statement_of(sociallogin)
    identity_record(user=user, statement=statement)
    if statement.multi_factor:
        record_authentication(request, user, "mfa", type="refeds-mfa", provider=statement.provider)


@receiver(social_account_added, dispatch_uid="accounts-university-account-linked")
def on_linked(sender, request, sociallogin, **kwargs) -> None:
    """A signed-in person linked their university account: what it says applies at once."""
    identity_record(user=sociallogin.user, statement=statement_of(sociallogin))


@receiver(social_account_removed, dispatch_uid="accounts-university-account-unlinked")
def on_unlinked(sender, request, socialaccount, **kwargs) -> None:
    identity_forget(user=socialaccount.user, provider=provider_key(socialaccount.get_provider(request)))
