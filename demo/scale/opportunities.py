"""Opportunities of every kind, audience, format and language, with skewed deadlines; saves."""

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings

from enquiries.routing import topic_for_opportunity
from institutions.sdgs import SDG_NAMES
from opportunities.languages import LANGUAGE_CODES
from opportunities.models import Opportunity, OpportunityLanguage, SavedOpportunity
from opportunities.services import opportunities_refresh_search

from .institutions import ScaleAlliance, World
from .people import Population
from .words import ELIGIBILITY, FIELDS, HEADINGS, SENTENCES, TITLES, ascii_words
from .writer import Stages, Writer

Kind, Format, Status, Funding = Opportunity.Kind, Opportunity.Format, Opportunity.Status, Opportunity.Funding
STUDENTS = ("bachelor", "master", "doctoral")
EVERYONE = (*STUDENTS, "academics", "staff")
CHUNK = 20_000
COLUMNS = (
    "id", "alliance_id", "host_university_id", "title", "slug", "summary", "description", "text_language",
    "kind", "for_bachelor", "for_master", "for_doctoral", "for_academics", "for_staff", "format", "theme_id",
    "city", "country", "start_date", "end_date", "application_deadline", "rolling_applications",
    "deadline_ends_at", "places", "ects_credits", "funding", "funding_details", "eligibility", "status",
    "published_at", "created_at", "updated_at", "created_by_id",
)  # fmt: skip


@dataclass(frozen=True)
class KindProfile:
    weight: int
    audiences: tuple[str, ...]
    formats: dict[str, int]
    days: tuple[int, int]  # duration
    ects: tuple[int | None, ...]
    places: tuple[int | None, ...]


KINDS = {
    Kind.SEMESTER_EXCHANGE: KindProfile(
        12, STUDENTS[:2], {Format.ON_SITE: 1}, (120, 150), (30,), (2, 5, 10, 20)
    ),
    Kind.SHORT_TERM_MOBILITY: KindProfile(
        10, STUDENTS, {Format.BLENDED: 8, Format.ON_SITE: 2}, (5, 10), (3, 4, 5, 6), (15, 25, 40)
    ),
    Kind.SUMMER_SCHOOL: KindProfile(
        12, STUDENTS, {Format.ON_SITE: 8, Format.BLENDED: 2}, (5, 14), (2, 3, 4, 6), (20, 30, 60)
    ),
    Kind.TRAINEESHIP: KindProfile(
        8,
        STUDENTS,
        {Format.ON_SITE: 7, Format.BLENDED: 1, Format.VIRTUAL: 1},
        (60, 180),
        (None, 15, 20),
        (1, 2, 5),
    ),
    Kind.STAFF_MOBILITY: KindProfile(
        10, ("academics", "staff"), {Format.ON_SITE: 9, Format.BLENDED: 1}, (3, 7), (None,), (5, 10, 25)
    ),
    Kind.RESEARCH_PROJECT: KindProfile(
        7,
        ("master", "doctoral", "academics"),
        {Format.ON_SITE: 3, Format.BLENDED: 4, Format.VIRTUAL: 2},
        (90, 720),
        (None,),
        (None, 3, 10),
    ),
    Kind.CITIZEN_SCIENCE: KindProfile(
        4,
        EVERYONE,
        {Format.ON_SITE: 6, Format.BLENDED: 3, Format.VIRTUAL: 1},
        (30, 180),
        (None, 2),
        (None, 50, 200),
    ),
    Kind.VOLUNTEERING: KindProfile(
        6, (*STUDENTS, "staff"), {Format.ON_SITE: 9, Format.BLENDED: 1}, (1, 60), (None, 1, 2), (10, 40, 80)
    ),
    Kind.BUDDY: KindProfile(
        4, STUDENTS, {Format.ON_SITE: 7, Format.BLENDED: 3}, (90, 180), (None, 1, 2), (None, 30, 100)
    ),
    Kind.VIRTUAL_EXCHANGE: KindProfile(8, STUDENTS, {Format.VIRTUAL: 1}, (30, 90), (2, 3, 5), (20, 40, 60)),
    Kind.JOINT_COURSE: KindProfile(
        8, EVERYONE, {Format.VIRTUAL: 6, Format.BLENDED: 4}, (30, 120), (2, 3, 4, 5, 6), (30, 100, 200)
    ),
    Kind.EVENT: KindProfile(
        8,
        EVERYONE,
        {Format.ON_SITE: 6, Format.BLENDED: 2, Format.VIRTUAL: 2},
        (1, 3),
        (None,),
        (None, 50, 150, 400),
    ),
    Kind.CHALLENGE: KindProfile(
        3,
        STUDENTS,
        {Format.ON_SITE: 5, Format.BLENDED: 3, Format.VIRTUAL: 2},
        (2, 5),
        (None, 2, 3),
        (20, 50, 100),
    ),
}
KIND_LIST = list(KINDS)
KIND_WEIGHTS = [profile.weight for profile in KINDS.values()]
# Deadlines: rolling, past (many, up to two years), in the next weeks (many), later in the year.
DEADLINES = ("rolling", "past", "soon", "later")
DEADLINE_WEIGHTS = (12, 45, 30, 13)
FUNDING_DETAILS = {
    Funding.FUNDED: "Travel, accommodation and fees are covered.",
    Funding.PARTLY_FUNDED: "Fees are waived; Erasmus+ can cover travel.",
    Funding.SELF_FUNDED: "",
}


@dataclass(slots=True)
class Listed:
    """A catalogue opportunity as the enquiries and saves stages see it."""

    pk: int
    alliance_pk: int
    title: str
    published: float  # POSIX timestamp
    closes: float  # end of the deadline day; infinite for rolling applications
    takes_applications: bool  # published now (closed ones took applications once, but no more)


@dataclass
class Catalogue:
    pks: range  # of the new opportunities
    by_topic: dict[tuple[int, str], list[Listed]]  # (alliance pk, enquiry topic) -> listed
    by_alliance: dict[int, list[Listed]]
    open_by_alliance: dict[int, list[Listed]]  # taking applications at the moment of generation


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def deadline_end(deadline: dt.date, time_zone: str) -> dt.datetime:
    """The last moment of the deadline day in ``time_zone``, as ``opportunities.services.deadline_end``."""
    day_after = deadline + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time.min, tzinfo=zone(time_zone)) - dt.timedelta(microseconds=1)


def generate_opportunities(
    writer: Writer,
    rng: random.Random,
    world: World,
    population: Population,
    *,
    count: int,
    at: dt.datetime,
    stages: Stages,
) -> Catalogue:
    """Create ``count`` opportunities with their languages and goals; return the catalogue's index."""
    pks = writer.pks(Opportunity, count)
    catalogue = Catalogue(pks, {}, {}, {})
    alliance_weights = list(itertools.accumulate(len(a.universities) for a in world.alliances))
    for start in range(0, count, CHUNK):
        rows, languages, sdgs = [], [], []
        for pk in pks[start : start + CHUNK]:
            alliance = rng.choices(world.alliances, cum_weights=alliance_weights)[0]
            row, codes, goals = _opportunity(rng, pk, alliance, population, at)
            rows.append(row)
            languages += [(pk, code) for code in codes]
            sdgs += [(pk, goal) for goal in goals]
            values = dict(zip(COLUMNS, row, strict=True))
            status, ends = values["status"], values["deadline_ends_at"]
            if status in (Status.PUBLISHED, Status.CLOSED):
                closes = ends.timestamp() if ends else math.inf
                published = values["published_at"].timestamp()
                listed = Listed(
                    pk, alliance.pk, values["title"], published, closes, status == Status.PUBLISHED
                )
                topic = topic_for_opportunity(values["kind"])
                catalogue.by_topic.setdefault((alliance.pk, topic), []).append(listed)
                catalogue.by_alliance.setdefault(alliance.pk, []).append(listed)
                if listed.takes_applications and closes >= at.timestamp():
                    catalogue.open_by_alliance.setdefault(alliance.pk, []).append(listed)
        writer.write(Opportunity, COLUMNS, rows)
        language_pks = writer.pks(OpportunityLanguage, len(languages))
        writer.write(
            OpportunityLanguage,
            ("id", "opportunity_id", "code"),
            [(id_, *row) for id_, row in zip(language_pks, languages, strict=True)],
        )
        through = Opportunity.sdgs.through
        sdg_pks = writer.pks(through, len(sdgs))
        writer.write(
            through,
            ("id", "opportunity_id", "sustainabledevelopmentgoal_id"),
            [(id_, *row) for id_, row in zip(sdg_pks, sdgs, strict=True)],
        )
        stages.progress("opportunities", min(start + CHUNK, count), count)
    return catalogue


def refresh_search_vectors(pks: range) -> None:
    """Fill the search vectors of the new opportunities in one UPDATE (PostgreSQL; a no-op elsewhere)."""
    if pks:
        opportunities_refresh_search(Opportunity.objects.filter(pk__gte=pks[0], pk__lte=pks[-1]))


def _opportunity(
    rng: random.Random, pk: int, alliance: ScaleAlliance, population: Population, at: dt.datetime
) -> tuple[tuple, list[str], list[int]]:
    """One opportunity's row, its language codes and its goals."""
    kind = rng.choices(KIND_LIST, KIND_WEIGHTS)[0]
    profile = KINDS[kind]
    host = rng.choices(alliance.universities, [u.size for u in alliance.universities])[0]
    if rng.random() < 0.1:
        host = None
    place = host or alliance.coordinating
    language = "en"
    main = place.country.languages[0]
    if host is not None and main in TITLES and rng.random() < 0.25:
        language = main
    codes = {language}
    if rng.random() < 0.4:
        codes.add(main)
    if rng.random() < 0.5:
        codes.add("en")
    if rng.random() < 0.1:
        codes.add(rng.choice(LANGUAGE_CODES))
    words = {
        "field": rng.choice(FIELDS[language]),
        "city": place.city,
        "host": host.name if host else alliance.name,
    }
    title = rng.choice(TITLES[language][kind]).format(**words)
    title = title[0].upper() + title[1:200]
    sentences = SENTENCES[language]
    summary = " ".join(s.format(**words) for s in rng.sample(sentences, 2))[:300]
    body = [s.format(**words) for s in rng.sample(sentences, min(len(sentences), 5))]
    description = (
        f"## {HEADINGS[language]}\n\n{' '.join(body[:2])}\n\n{' '.join(body[2:3])}\n\n"
        + "".join(f"- {line}\n" for line in body[3:])
        + "\n*Generated scale data.*"
    )
    audiences = [a for a in profile.audiences if rng.random() < 0.6] or [rng.choice(profile.audiences)]
    format_ = rng.choices(list(profile.formats), list(profile.formats.values()))[0]
    online = format_ == Format.VIRTUAL
    today = at.date()
    when = rng.choices(DEADLINES, DEADLINE_WEIGHTS)[0]
    deadline = start = None
    if when == "rolling":
        if rng.random() < 0.5:
            start = today + dt.timedelta(days=rng.randint(-200, 200))
    else:
        offset = {
            "past": -round(1 + 699 * rng.random() ** 1.5),
            "soon": rng.randint(0, 60),
            "later": rng.randint(61, 365),
        }[when]
        deadline = today + dt.timedelta(days=offset)
        start = deadline + dt.timedelta(days=rng.randint(7, 120))
    end = start + dt.timedelta(days=rng.randint(*profile.days)) if start else None
    closes = (
        deadline_end(deadline, host.country.time_zone if host else settings.TIME_ZONE) if deadline else None
    )
    status = _status(rng, when, deadline, today)
    if deadline is not None:
        created = dt.datetime.combine(deadline, dt.time(12), tzinfo=dt.UTC) - dt.timedelta(
            days=rng.uniform(14, 240)
        )
    else:
        created = at - dt.timedelta(days=rng.uniform(1, 900))
    created = min(created, at - dt.timedelta(hours=1))
    published = None if status == Status.DRAFT else min(created + dt.timedelta(days=rng.uniform(0, 3)), at)
    funding = rng.choices((Funding.FUNDED, Funding.PARTLY_FUNDED, Funding.SELF_FUNDED), (25, 40, 35))[0]
    ects = rng.choice(profile.ects)
    managers = population.coordinators.get(host.pk) if host else None
    managers = managers or population.offices.get(alliance.pk)
    goals = sorted(
        {rng.choice(alliance.sdgs) if rng.random() < 0.7 else rng.choice(list(SDG_NAMES))}
        | ({rng.choice(list(SDG_NAMES))} if rng.random() < 0.4 else set())
    )
    if rng.random() < 0.15:
        goals = []
    row = (
        pk, alliance.pk, host.pk if host else None, title, f"{ascii_words(title)[:100]}-{pk}", summary,
        description, language, kind, *(a in audiences for a in EVERYONE), format_,
        rng.choice(alliance.theme_pks) if alliance.theme_pks and rng.random() < 0.35 else None,
        "" if online else place.city, "" if online else place.country.code, start, end, deadline,
        deadline is None, closes, rng.choice(profile.places),
        None if ects is None else Decimal(ects), funding, FUNDING_DETAILS[funding], rng.choice(ELIGIBILITY),
        status, published, created, published or created, managers[0] if managers else None,
    )  # fmt: skip
    return row, sorted(codes), goals


def _status(rng: random.Random, when: str, deadline: dt.date | None, today: dt.date) -> str:
    if when == "rolling":
        weights = {Status.PUBLISHED: 90, Status.DRAFT: 4, Status.CLOSED: 4, Status.ARCHIVED: 2}
    elif deadline is not None and deadline < today - dt.timedelta(days=90):
        weights = {Status.PUBLISHED: 35, Status.CLOSED: 45, Status.ARCHIVED: 20}
    elif deadline is not None and deadline < today:
        weights = {Status.PUBLISHED: 80, Status.CLOSED: 20}
    else:
        weights = {Status.PUBLISHED: 95, Status.DRAFT: 5}
    return rng.choices(list(weights), list(weights.values()))[0]


def generate_saves(
    writer: Writer,
    rng: random.Random,
    world: World,
    population: Population,
    catalogue: Catalogue,
    *,
    count: int,
    at: dt.datetime,
) -> int:
    """People save opportunities of their alliance, mostly ones still open; return how many saves."""
    universities = [u for u in world.universities if population.requesters[u.pk].pks]
    weights = list(itertools.accumulate(u.size for u in universities))
    everything = [listed for group in catalogue.by_alliance.values() for listed in group]
    if not everything or not universities:
        return 0
    pairs: set[tuple[int, int]] = set()
    rows = []
    now = at.timestamp()
    for _attempt in range(count * 5):
        if len(rows) >= count:
            break
        university = rng.choices(universities, cum_weights=weights)[0] if rng.random() < 0.92 else None
        pool = population.requesters[university.pk] if university else population.outsiders
        if not pool.pks:
            continue
        index = rng.randrange(len(pool.pks))
        person, joined = pool.pks[index], pool.joined[index]
        alliance_pk = university.alliance_pk if university else rng.choice(world.alliances).pk
        choices = catalogue.open_by_alliance.get(alliance_pk) if rng.random() < 0.8 else None
        listed = rng.choice(choices or catalogue.by_alliance.get(alliance_pk) or everything)
        if (person, listed.pk) in pairs:
            continue
        pairs.add((person, listed.pk))
        start = max(joined, listed.published)
        saved = dt.datetime.fromtimestamp(start + (now - start) * rng.random(), tz=dt.UTC)
        rows.append((person, listed.pk, saved))
    pks = writer.pks(SavedOpportunity, len(rows))
    return writer.write(
        SavedOpportunity,
        ("id", "user_id", "opportunity_id", "created_at"),
        [(pk, *row) for pk, row in zip(pks, rows, strict=True)],
    )
