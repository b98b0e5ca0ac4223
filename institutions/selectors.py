from .domains import domain_suffixes, match_email
from .models import EmailDomain, University


def university_for_email(email: str) -> University | None:
    """Return the university whose e-mail domain (or a parent of it) matches ``email``."""
    candidates = domain_suffixes(email)
    if not candidates:
        return None
    domains = EmailDomain.objects.filter(domain__in=candidates).select_related("university__alliance")
    return match_email(email, {d.domain: d.university for d in domains})


def university_ids_by_domain() -> dict[str, int]:
    """Return every listed e-mail domain with its university's id."""
    return dict(EmailDomain.objects.values_list("domain", "university_id"))
