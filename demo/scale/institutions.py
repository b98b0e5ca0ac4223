"""Alliances, their universities (with e-mail domains), themes and queues."""

import random
from dataclasses import dataclass, field

from django.db.models import Q

from enquiries.models import CannedReply, Queue, Topic
from institutions.models import Alliance, EmailDomain, Theme, University
from institutions.sdgs import SDG_NAMES

from .words import (
    ALLIANCE_PLACES,
    ALLIANCE_PURPOSES,
    CANNED_REPLIES,
    COUNTRIES,
    FIELDS,
    MAIL_DOMAIN,
    UNIVERSITY_TEMPLATES,
    WORK_PACKAGES,
    Country,
    ascii_words,
)
from .writer import Writer

# Topics that a university may give a queue of their own.
TOPIC_QUEUE_TOPICS = (Topic.STUDENT_MOBILITY, Topic.STAFF_MOBILITY, Topic.RESEARCH, Topic.ENGAGEMENT)
# Zipf exponent of university sizes: a few big universities, many small ones.
SIZE_EXPONENT = 0.9
UNIVERSITY_COLUMNS = (
    "id", "alliance_id", "name", "short_name", "slug", "city", "country", "time_zone", "erasmus_code",
    "schac_code", "website", "is_coordinating",
)  # fmt: skip
QUEUE_COLUMNS = (
    "id", "alliance_id", "university_id", "topic", "name", "contact_email", "first_response_target_days",
)  # fmt: skip


@dataclass(slots=True)
class ScaleUniversity:
    pk: int
    alliance_pk: int
    name: str
    short_name: str
    slug: str
    city: str
    country: Country
    domain: str  # main e-mail domain; students often use its "student." sub-domain
    other_domain: str | None
    size: float  # share of the alliance world's people and enquiries (sums to 1)
    is_coordinating: bool = False
    queue_pks: list[int] = field(default_factory=list)


@dataclass(slots=True)
class ScaleQueue:
    pk: int
    alliance_pk: int
    university: ScaleUniversity | None
    topic: str
    name: str
    target_days: int
    zone: str
    country: str
    members: list[int] = field(default_factory=list)  # user pks, set by the people stage
    weight: float = 0.0  # share of the enquiries, set by the enquiries stage


@dataclass(slots=True)
class ScaleAlliance:
    pk: int
    code: str
    slug: str
    name: str
    universities: list[ScaleUniversity] = field(default_factory=list)
    central: ScaleQueue | None = None
    theme_pks: list[int] = field(default_factory=list)
    sdgs: tuple[int, ...] = ()

    @property
    def coordinating(self) -> ScaleUniversity:
        return next(u for u in self.universities if u.is_coordinating)


@dataclass
class World:
    """What the later stages need to know about the institutions, in memory."""

    alliances: list[ScaleAlliance]
    universities: list[ScaleUniversity]
    queues: list[ScaleQueue]

    def alliance(self, pk: int) -> ScaleAlliance:
        return self._alliances[pk]

    def __post_init__(self) -> None:
        self._alliances = {a.pk: a for a in self.alliances}


def existing_scale_set() -> bool:
    """Whether scale data is there already: e-mail domains under the scale data's domain."""
    return EmailDomain.objects.filter(Q(domain=MAIL_DOMAIN) | Q(domain__endswith=f".{MAIL_DOMAIN}")).exists()


def _unique(value: str, taken: set[str], limit: int) -> str:
    candidate, n = value[:limit], 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate, n = value[: limit - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def generate_institutions(writer: Writer, rng: random.Random, *, alliances: int, universities: int) -> World:
    """Create alliances and universities with domains, themes, queues and canned replies."""
    taken_codes = set(Alliance.objects.values_list("code", flat=True))
    taken_slugs = set(Alliance.objects.values_list("slug", flat=True))
    names = [f"{place} Alliance {purpose}" for place in ALLIANCE_PLACES for purpose in ALLIANCE_PURPOSES]
    rng.shuffle(names)
    world_alliances = []
    for pk, index in zip(writer.pks(Alliance, alliances), range(alliances), strict=True):
        name = names[index % len(names)] + (f" {index // len(names) + 1}" if index >= len(names) else "")
        code = _acronym(name)
        code = next(f"{code}{n or ''}" for n in range(100_000) if f"{code}{n or ''}" not in taken_codes)
        taken_codes.add(code)
        slug = _unique(code.lower(), taken_slugs, 50)
        sdgs = tuple(sorted(rng.sample(sorted(SDG_NAMES), rng.randint(3, 5))))
        world_alliances.append(ScaleAlliance(pk, code, slug, name, sdgs=sdgs))
    world_universities = _universities(writer, rng, world_alliances, universities)
    _write_alliances(writer, rng, world_alliances)
    _write_universities(writer, world_universities)
    _write_themes(writer, rng, world_alliances)
    queues = _queues(writer, rng, world_alliances)
    return World(world_alliances, world_universities, queues)


def _universities(
    writer: Writer, rng: random.Random, alliances: list[ScaleAlliance], count: int
) -> list[ScaleUniversity]:
    """Universities dealt to the alliances (at least two each), in many countries and sizes."""
    taken_slugs = set(University.objects.values_list("slug", flat=True))
    taken_domains = set(EmailDomain.objects.values_list("domain", flat=True))
    cities = [(country, city.strip()) for country in COUNTRIES for city in country.cities.split(",")]
    per_alliance = [2] * len(alliances)
    for _ in range(count - 2 * len(alliances)):
        per_alliance[rng.randrange(len(alliances))] += 1
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    weights = [rank**-SIZE_EXPONENT for rank in ranks]
    total = sum(weights)
    seen_names: dict[str, int] = {}
    result = []
    pks = iter(writer.pks(University, count))
    for alliance, members in zip(alliances, per_alliance, strict=True):
        for n in range(members):
            country, city = rng.choice(cities)
            template, short_template = rng.choices(UNIVERSITY_TEMPLATES, [30, 12, 12, 5, 5, 3, 5, 4, 4, 3])[0]
            name = template.format(city=city)
            seen_names[name] = seen_names.get(name, 0) + 1
            if seen_names[name] > 1:
                name = f"{name} {seen_names[name]}"
            slug = _unique(ascii_words(name), taken_slugs, 50)
            domain = _unique(slug, taken_domains, 50) + f".{MAIL_DOMAIN}"
            other = None
            if rng.random() < 0.3:
                other = _unique(ascii_words(short_template.format(city=city)), taken_domains, 40)
                other = f"{other}.{MAIL_DOMAIN}"
            university = ScaleUniversity(
                pk=next(pks),
                alliance_pk=alliance.pk,
                name=name,
                short_name=short_template.format(city=city)[:60],
                slug=slug,
                city=city,
                country=country,
                domain=domain,
                other_domain=other,
                size=weights[len(result)] / total,
                is_coordinating=n == 0,
            )
            alliance.universities.append(university)
            result.append(university)
    return result


def _write_alliances(writer: Writer, rng: random.Random, alliances: list[ScaleAlliance]) -> None:
    rows = []
    for a in alliances:
        home = a.coordinating
        street = rng.randint(1, 120)
        rows.append(
            (
                a.pk, a.name, a.code, a.slug,
                f"{a.name}: {len(a.universities)} universities working together. (Generated scale data.)",
                f"https://{a.slug}.{MAIL_DOMAIN}", f"{a.code} central office, {home.name}",
                f"{street} University Street\n{rng.randint(10000, 99999)} {home.city}\n{home.country.name}",
                f"+00 {rng.randint(100, 999)} {rng.randint(1000, 9999)}", f"office@{a.slug}.{MAIL_DOMAIN}",
            )
        )  # fmt: skip
    names = ("id", "name", "code", "slug", "description", "website", "office_name", "office_address")
    writer.write(Alliance, (*names, "office_phone", "office_email"), rows)
    through = Alliance.sdgs.through
    pks = iter(writer.pks(through, sum(len(a.sdgs) for a in alliances)))
    writer.write(
        through,
        ("id", "alliance_id", "sustainabledevelopmentgoal_id"),
        [(next(pks), a.pk, sdg) for a in alliances for sdg in a.sdgs],
    )


def _write_universities(writer: Writer, universities: list[ScaleUniversity]) -> None:
    rows = [
        (
            u.pk, u.alliance_pk, u.name, u.short_name, u.slug, u.city, u.country.code, u.country.time_zone,
            f"{u.country.code} {ascii_words(u.city).upper().replace('-', '')[:7]}{u.pk % 100:02d}",
            u.domain, f"https://www.{u.domain}", u.is_coordinating,
        )
        for u in universities
    ]  # fmt: skip
    writer.write(
        University,
        UNIVERSITY_COLUMNS,
        rows,
    )
    domains = [(u.pk, d) for u in universities for d in (u.domain, u.other_domain) if d]
    pks = writer.pks(EmailDomain, len(domains))
    writer.write(
        EmailDomain,
        ("id", "university_id", "domain"),
        [(pk, u, d) for pk, (u, d) in zip(pks, domains, strict=True)],
    )


def _write_themes(writer: Writer, rng: random.Random, alliances: list[ScaleAlliance]) -> None:
    rows = []
    for a in alliances:
        for n, subject in enumerate(rng.sample(FIELDS["en"], rng.randint(2, 4)), start=1):
            rows.append(
                (a.pk, Theme.Kind.VIRTUAL_INSTITUTE, f"VI{n}", f"Virtual Institute for {subject}", f"vi-{n}")
            )
        for n, name in enumerate(WORK_PACKAGES[: rng.randint(6, len(WORK_PACKAGES))], start=1):
            rows.append((a.pk, Theme.Kind.WORK_PACKAGE, f"WP{n}", name, f"wp{n}"))
    pks = writer.pks(Theme, len(rows))
    by_alliance = {a.pk: a for a in alliances}
    for pk, row in zip(pks, rows, strict=True):
        by_alliance[row[0]].theme_pks.append(pk)
    writer.write(
        Theme,
        ("id", "alliance_id", "kind", "code", "name", "slug", "description"),
        [(pk, *row, "") for pk, row in zip(pks, rows, strict=True)],
    )


def _queues(writer: Writer, rng: random.Random, alliances: list[ScaleAlliance]) -> list[ScaleQueue]:
    """A central office per alliance; a default queue per university, and topic queues at some."""
    plans: list[tuple[ScaleAlliance, ScaleUniversity | None, str]] = []
    for a in alliances:
        plans.append((a, None, ""))
        for u in a.universities:
            plans.append((a, u, ""))
            if rng.random() < 0.25:
                plans += [(a, u, topic) for topic in rng.sample(TOPIC_QUEUE_TOPICS, rng.randint(1, 2))]
    queues = []
    offices = {}
    for pk, (a, u, topic) in zip(writer.pks(Queue, len(plans)), plans, strict=True):
        home = u or a.coordinating
        if u is None:
            name = f"{a.code} central office"
        elif topic:
            name = f"{u.short_name}: {Topic(topic).label}"
        else:
            name = f"{u.short_name}: {a.code} coordination"
        queue = ScaleQueue(
            pk=pk,
            alliance_pk=a.pk,
            university=u,
            topic=topic,
            name=str(name)[:200],
            target_days=rng.choice((2, 3, 3, 3, 5)),
            zone=home.country.time_zone,
            country=home.country.code,
        )
        if u is None:
            a.central = queue
            offices[pk] = f"office@{a.slug}.{MAIL_DOMAIN}"
        else:
            u.queue_pks.append(pk)
        queues.append(queue)
    writer.write(
        Queue,
        QUEUE_COLUMNS,
        [
            (
                q.pk, q.alliance_pk, q.university.pk if q.university else None, q.topic, q.name,
                f"international@{q.university.domain}" if q.university else offices[q.pk],
                q.target_days,
            )
            for q in queues
        ],
    )  # fmt: skip
    canned = [(q.pk, title, body) for q in queues for title, body in rng.sample(CANNED_REPLIES, 2)]
    pks = writer.pks(CannedReply, len(canned))
    writer.write(
        CannedReply,
        ("id", "queue_id", "title", "body"),
        [(pk, *row) for pk, row in zip(pks, canned, strict=True)],
    )
    return queues
