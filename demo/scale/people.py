"""People: staff of every queue with their roles, requesters at every university, and outsiders.

Every person has one verified primary address, and their home university is the one that
address's domain (or a parent domain) belongs to, as ``accounts.services`` would derive it;
outsiders write from domains no university lists.
"""

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from enquiries.models import QueueMembership
from notifications.models import Category, Delivery, Preference

from .institutions import ScaleUniversity, World
from .words import NAMES, OUTSIDE_DOMAINS, ascii_words
from .writer import Writer

OUTSIDER_SHARE = 0.08
FRENCH_SPEAKING = {"FR", "BE", "LU"}
YEAR = dt.timedelta(days=365)
USER_COLUMNS = (
    "id", "password", "last_login", "is_superuser", "email", "display_name", "language", "home_university_id",
    "is_staff", "is_active", "date_joined",
)  # fmt: skip


@dataclass
class Pool:
    """People who may write enquiries, in the order they joined (so the earliest come first)."""

    pks: list[int] = field(default_factory=list)
    joined: list[float] = field(default_factory=list)  # POSIX timestamps, ascending

    def pick(self, rng: random.Random, before: float) -> int:
        """A person who had joined by ``before`` (the pool's first joined before any enquiry)."""
        available = max(1, bisect.bisect_right(self.joined, before))
        return self.pks[rng.randrange(available)]


@dataclass
class Population:
    requesters: dict[int, Pool]  # by university pk
    outsiders: Pool
    staff_names: dict[int, str]
    french: set[int]  # people who read French (others read English)
    inactive: set[int]
    coordinators: dict[int, list[int]]  # by university pk
    offices: dict[int, list[int]]  # central office people by alliance pk


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.groups = {k: (first.split(), last.split()) for k, (first, last) in NAMES.items()}

    def __call__(self, group: str) -> tuple[str, str]:
        first, last = self.groups[group]
        return self.rng.choice(first), self.rng.choice(last)


def generate_people(
    writer: Writer, rng: random.Random, world: World, *, people: int, at: dt.datetime, password: str
) -> Population:
    """Create ``people`` people: staff first, then requesters and outsiders in the order they joined."""
    names = _Names(rng)
    hashed = make_password(password)
    users: list[tuple] = []
    addresses: list[tuple[int, str]] = []
    roles: list[tuple] = []
    memberships: list[tuple[int, int]] = []
    staff_names: dict[int, str] = {}
    french: set[int] = set()
    coordinators: dict[int, list[int]] = {}
    offices: dict[int, list[int]] = {}
    staff_plan = _staff_plan(rng, world)
    requester_count = people - len(staff_plan)
    pks = iter(writer.pks(User, people))
    staff_joined = at - 3 * YEAR
    for university, alliance_pk, kind, queue_pks in staff_plan:
        pk = next(pks)
        first, last = names(university.country.names)
        domain = university.domain
        if university.other_domain and rng.random() < 0.5:
            domain = university.other_domain
        email = f"{ascii_words(first)}.{ascii_words(last)}.{pk}@{domain}"
        display = f"{first} {last}"
        joined = staff_joined - dt.timedelta(days=rng.uniform(0, 300))
        language = _language(rng, university)
        users.append((pk, hashed, at - dt.timedelta(hours=rng.uniform(1, 72)), False, email, display,
                      language, university.pk, False, True, joined))  # fmt: skip
        addresses.append((pk, email))
        staff_names[pk] = display
        if language == "fr":
            french.add(pk)
        if kind == Role.Kind.COORDINATOR:
            roles.append((pk, kind, alliance_pk, university.pk))
            coordinators.setdefault(university.pk, []).append(pk)
        elif kind == Role.Kind.CENTRAL_OFFICE:
            roles.append((pk, kind, alliance_pk, None))
            offices.setdefault(alliance_pk, []).append(pk)
        memberships += [(queue_pk, pk) for queue_pk in queue_pks]
    members: dict[int, list[int]] = {}
    for queue_pk, user in memberships:
        members.setdefault(queue_pk, []).append(user)
    for queue in world.queues:
        queue.members = sorted(members.get(queue.pk, []))
    inactive: set[int] = set()
    plans = sorted(_requesters(rng, world, requester_count, at), key=lambda plan: plan[1])
    requesters: dict[int, Pool] = {u.pk: Pool() for u in world.universities}
    outsiders = Pool()
    for university, joined in plans:
        pk = next(pks)
        group = university.country.names if university else rng.choice(sorted(NAMES))
        first, last = names(group)
        if university is None:
            domain = rng.choice(OUTSIDE_DOMAINS)
        elif rng.random() < 0.4:
            domain = f"student.{university.domain}"  # a sub-domain: still the university's
        elif university.other_domain and rng.random() < 0.3:
            domain = university.other_domain
        else:
            domain = university.domain
        email = f"{ascii_words(first)}.{ascii_words(last)}.{pk}@{domain}"
        language = _language(rng, university)
        active = rng.random() > 0.01
        last_login = None
        if rng.random() < 0.7:
            last_login = joined + (at - joined) * rng.random()
        users.append((pk, hashed, last_login, False, email, f"{first} {last}", language,
                      university.pk if university else None, False, active, joined))  # fmt: skip
        addresses.append((pk, email))
        if language == "fr":
            french.add(pk)
        if not active:
            inactive.add(pk)
        pool = requesters[university.pk] if university else outsiders
        pool.pks.append(pk)
        pool.joined.append(joined.timestamp())
    writer.write(User, USER_COLUMNS, users)
    address_pks = writer.pks(EmailAddress, len(addresses))
    writer.write(
        EmailAddress,
        ("id", "user_id", "email", "verified", "primary"),
        ((pk, user, email, True, True) for pk, (user, email) in zip(address_pks, addresses, strict=True)),
    )
    role_pks = writer.pks(Role, len(roles))
    writer.write(
        Role,
        ("id", "user_id", "kind", "alliance_id", "university_id"),
        [(pk, *row) for pk, row in zip(role_pks, roles, strict=True)],
    )
    membership_pks = writer.pks(QueueMembership, len(memberships))
    writer.write(
        QueueMembership,
        ("id", "queue_id", "user_id"),
        [(pk, *row) for pk, row in zip(membership_pks, memberships, strict=True)],
    )
    _preferences(writer, rng, staff_names, [pk for pool in requesters.values() for pk in pool.pks])
    return Population(requesters, outsiders, staff_names, french, inactive, coordinators, offices)


def _language(rng: random.Random, university: ScaleUniversity | None) -> str:
    if university is not None and university.country.code in FRENCH_SPEAKING and rng.random() < 0.7:
        return "fr"
    return "en"


def _staff_plan(rng: random.Random, world: World) -> list[tuple[ScaleUniversity, int, str, list[int]]]:
    """Who staffs which queues: coordinators (all their university's queues), triage staff, offices."""
    plan: list[tuple[ScaleUniversity, int, str, list[int]]] = []
    big = sorted(u.size for u in world.universities)[int(len(world.universities) * 0.95)]
    for a in world.alliances:
        for u in a.universities:
            default, *topical = u.queue_pks
            for _ in range(1 + (rng.random() < 0.4) + (u.size >= big)):
                plan.append((u, a.pk, Role.Kind.COORDINATOR, u.queue_pks))
            for _ in range(rng.randint(0, 2) + 3 * (u.size >= big)):
                plan.append((u, a.pk, "", [default] + [q for q in topical if rng.random() < 0.5]))
        for _ in range(rng.randint(2, 4)):
            plan.append((a.coordinating, a.pk, Role.Kind.CENTRAL_OFFICE, [a.central.pk]))
    return plan


def _requesters(
    rng: random.Random, world: World, count: int, at: dt.datetime
) -> list[tuple[ScaleUniversity | None, dt.datetime]]:
    """Requesters by university (two at least, the rest by size) and outsiders, with their join dates.

    The first two of each university joined before any enquiry was written, so that every
    university queue has someone to hear from whenever an enquiry is dated.
    """
    floor = 2 * len(world.universities)
    outsiders = max(0, min(round(count * OUTSIDER_SHARE), count - floor))
    members = count - outsiders
    shares = [u.size * (members - floor) for u in world.universities]
    counts = [2 + int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: members - sum(counts)]:
        counts[i] += 1
    early = at - 3 * YEAR
    plan: list[tuple[ScaleUniversity | None, dt.datetime]] = []
    for university, n in zip(world.universities, counts, strict=True):
        plan += [(university, early - dt.timedelta(days=rng.uniform(0, 30))) for _ in range(min(n, 2))]
        plan += [(university, _joined(rng, at)) for _ in range(n - 2)]
    if outsiders:
        plan += [(None, early - dt.timedelta(days=rng.uniform(0, 30)))]
        plan += [(None, _joined(rng, at)) for _ in range(outsiders - 1)]
    return plan


def _joined(rng: random.Random, at: dt.datetime) -> dt.datetime:
    """A sign-up date in the last three years, more of them recently."""
    return at - 3 * YEAR * (rng.random() ** 1.3)


def _preferences(writer: Writer, rng: random.Random, staff: dict[int, str], requesters: list[int]) -> None:
    """Some staff want a daily queue summary; some requesters want their news in the hub only."""
    rows = [(pk, Category.QUEUE_SUMMARY, Delivery.DIGEST) for pk in staff if rng.random() < 0.15]
    rows += [(pk, Category.MY_ENQUIRIES, Delivery.IN_APP) for pk in requesters if rng.random() < 0.03]
    pks = writer.pks(Preference, len(rows))
    writer.write(
        Preference,
        ("id", "user_id", "category", "delivery"),
        [(pk, *row) for pk, row in zip(pks, rows, strict=True)],
    )
