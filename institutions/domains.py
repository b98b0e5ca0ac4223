"""Match an e-mail address to the university that owns its domain (docs/routing.md).

An address matches a university's domain or any sub-domain of it; the most specific
domain wins, so ``etu.univ-example.fr`` can belong to another institution than
``univ-example.fr`` if both are listed.
"""

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def normalise_domain(domain: str) -> str:
    """Return ``domain`` lower-cased, without surrounding dots or spaces."""
    return domain.strip().strip(".").lower()


def domain_suffixes(email: str) -> list[str]:
    """Return the domains an address may belong to, most specific first.

    ``a@etu.univ-example.fr`` gives ``["etu.univ-example.fr", "univ-example.fr", "fr"]``;
    an address without a domain gives an empty list.
    """
    _, at, domain = email.rpartition("@")
    domain = normalise_domain(domain)
    if not at or not domain:
        return []
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def match_email(email: str, owners: Mapping[str, T]) -> T | None:
    """Return the owner of the most specific domain of ``email`` in ``owners``, if any."""
    for suffix in domain_suffixes(email):
        if suffix in owners:
            return owners[suffix]
    return None
