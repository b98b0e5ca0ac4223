"""Generate the scale data set, stage by stage, in one transaction."""

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import connection, transaction

from accounts.models import User
from enquiries.models import AuditEntry, Enquiry, Message, QueueMembership
from institutions.services import sustainable_development_goals_ensure
from notifications.models import Notification
from opportunities.facets import forget_unfiltered_counts
from opportunities.models import Opportunity, OpportunityLanguage, SavedOpportunity

from .enquiries import generate_enquiries
from .institutions import existing_scale_set, generate_institutions
from .opportunities import generate_opportunities, generate_saves, refresh_search_vectors
from .people import generate_people
from .sizes import Sizes
from .words import MAIL_DOMAIN
from .writer import SecondaryIndexes, Stage, Stages, Writer

# The tables that take many rows: loaded without their secondary indexes and foreign keys.
BULK_MODELS = (
    User, EmailAddress, QueueMembership, Opportunity, OpportunityLanguage, Opportunity.sdgs.through,
    SavedOpportunity, Enquiry, Message, AuditEntry, Notification,
)  # fmt: skip


class ScaleDataError(Exception):
    """The scale data cannot be generated here: a set exists already, or the sizes are impossible."""


@dataclass
class ScaleReport:
    stages: list[Stage]
    total_seconds: float
    busiest_queue: str = ""  # its name
    busiest_queue_member: str = ""  # the e-mail address of one of its members
    counts: dict[str, int] = field(default_factory=dict)


def seed_scale(
    *,
    sizes: Sizes,
    seed: int,
    at: dt.datetime,
    password: str,
    report: Callable[[str], None] = print,
) -> ScaleReport:
    """Generate a scale data set of ``sizes`` as it would stand at ``at``; the same seed gives the same data.

    Runs in one transaction: a failure leaves the database as it was. Refuses a database
    that already holds a scale set (people and universities under ``scale.example``).
    """
    problems = sizes.check()
    if problems:
        raise ScaleDataError("\n".join(problems))
    stages = Stages(report)
    writer = Writer()

    def rng(stage: str) -> random.Random:
        # One stream per stage, so that one stage's size leaves the others' data unchanged.
        # Reproducible generated data, not secrets.
        return random.Random(f"{seed}:{stage}")  # noqa: S311  # nosec B311

    with transaction.atomic():
        if existing_scale_set():
            raise ScaleDataError(
                f"This database already holds scale data (e-mail domains under {MAIL_DOMAIN}). "
                "Generate it into an empty database, or one with the demo data only."
            )
        if writer.uses_copy:
            with connection.cursor() as cursor:
                # Durability of each commit does not matter here: a crash loses the whole set anyway.
                cursor.execute("SET LOCAL synchronous_commit = off")
        sustainable_development_goals_ensure()
        secondary = SecondaryIndexes(BULK_MODELS)
        secondary.drop()
        with stages.stage("institutions") as stage:
            world = generate_institutions(
                writer, rng("institutions"), alliances=sizes.alliances, universities=sizes.universities
            )
            stage.counts = {"alliances": len(world.alliances), "universities": len(world.universities)}
            stage.counts["queues"] = len(world.queues)
        with stages.stage("people") as stage:
            population = generate_people(
                writer, rng("people"), world, people=sizes.people, at=at, password=password
            )
            stage.counts = {"people": sizes.people, "staff": len(population.staff_names)}
        with stages.stage("opportunities") as stage:
            catalogue = generate_opportunities(
                writer,
                rng("opportunities"),
                world,
                population,
                count=sizes.opportunities,
                at=at,
                stages=stages,
            )
            stage.counts = {"opportunities": sizes.opportunities}
        with stages.stage("search") as stage:
            refresh_search_vectors(catalogue.pks)
            stage.counts = {"search vectors": sizes.opportunities if writer.uses_copy else 0}
        with stages.stage("saved") as stage:
            saved = generate_saves(
                writer, rng("saved"), world, population, catalogue, count=sizes.saved, at=at
            )
            stage.counts = {"saved opportunities": saved}
        with stages.stage("enquiries") as stage:
            enquiries = generate_enquiries(
                writer, rng("enquiries"), world, population, catalogue,
                count=sizes.enquiries, messages=sizes.messages, notifications=sizes.notifications, at=at,
                stages=stages,
            )  # fmt: skip
            stage.counts = {
                "enquiries": enquiries.enquiries,
                "messages": enquiries.messages,
                "audit entries": enquiries.audit_entries,
                "notifications": enquiries.notifications,
            }
        with stages.stage("indexes") as stage:
            stage.counts = secondary.restore()
        writer.reset_sequences()
        commit_started = time.perf_counter()
    stages.record("commit", time.perf_counter() - commit_started)
    forget_unfiltered_counts()  # the catalogue's cached counts: written in bulk, past the services
    with stages.stage("analyze") as stage:
        stage.counts = {"tables": _analyze(writer)}
    busiest = next((q for q in world.queues if q.pk == enquiries.busiest_queue), None)
    member = ""
    if busiest is not None and busiest.members:
        member = _email(busiest.members[0])
    return ScaleReport(
        stages=stages.done,
        total_seconds=stages.total_seconds,
        busiest_queue=busiest.name if busiest else "",
        busiest_queue_member=member,
        counts={what: n for stage in stages.done for what, n in stage.counts.items()},
    )


def _analyze(writer: Writer) -> int:
    """Refresh the planner's statistics (and, outside a transaction, the visibility maps) of the tables."""
    if not writer.uses_copy:
        return 0
    from psycopg import sql

    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    tables = sorted({model._meta.db_table for model in writer.models})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(sql.SQL(command + " {}").format(sql.Identifier(table)).as_string(cursor.cursor))
    return len(tables)


def _email(user_pk: int) -> str:
    return User.objects.filter(pk=user_pk).values_list("email", flat=True).first() or ""
