"""Fast inserts of generated rows, and the timing of each stage.

Rows are plain tuples in the order of the given field names, with their primary keys chosen
here (so that related rows can refer to them without reading anything back). On PostgreSQL
they stream through ``COPY ... FROM STDIN`` (psycopg 3), an order of magnitude faster than
INSERT; elsewhere (SQLite: the CI preset) through ``bulk_create``.
"""

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, models

BATCH_SIZE = 5_000


class Writer:
    """Insert rows into a model's table, the fastest way the database allows."""

    def __init__(self, *, batch_size: int = BATCH_SIZE) -> None:
        self.batch_size = batch_size
        self.uses_copy = connection.vendor == "postgresql"
        self._next_pk: dict[type[models.Model], int] = {}
        self.models: list[type[models.Model]] = []
        self._types: dict[str, dict[str, int]] = {}

    def pks(self, model: type[models.Model], count: int) -> range:
        """Reserve ``count`` primary keys of ``model`` after the highest one in use."""
        if model not in self._next_pk:
            highest = model.objects.aggregate(highest=models.Max("pk"))["highest"]
            self._next_pk[model] = (highest or 0) + 1
        start = self._next_pk[model]
        self._next_pk[model] = start + count
        return range(start, start + count)

    def write(self, model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
        """Insert ``rows`` (tuples of the values of ``names``, attnames); return how many."""
        if model not in self.models:
            self.models.append(model)
        if self.uses_copy:
            return self._copy(model, names, rows)
        return self._bulk_create(model, names, rows)

    def _copy(self, model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
        from psycopg import sql

        columns = [model._meta.get_field(name).column for name in names]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        count = 0
        with connection.cursor() as cursor:
            types = self._column_types(cursor, model._meta.db_table)
            with cursor.cursor.copy(statement) as copy:
                # With the columns' types given, each value goes to its column's dumper
                # directly, without looking its Python type up (enumeration members included).
                copy.set_types([types[column] for column in columns])
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count

    def _column_types(self, cursor, table: str) -> dict[str, int]:
        if table not in self._types:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                [table],
            )
            self._types[table] = dict(cursor.fetchall())
        return self._types[table]

    def _bulk_create(self, model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
        count = 0
        batch: list[models.Model] = []
        for row in rows:
            batch.append(model(**dict(zip(names, row, strict=True))))
            if len(batch) >= self.batch_size:
                model.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        model.objects.bulk_create(batch)
        return count + len(batch)

    def reset_sequences(self) -> None:
        """Move the tables' id sequences past the keys chosen here (PostgreSQL; SQLite follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


class SecondaryIndexes:
    """Drop the secondary indexes and foreign keys of some tables for a bulk load, then restore them.

    PostgreSQL's advice for bulk loads ("Populating a Database" in its manual): building an
    index over loaded rows is much faster than updating it row by row, and adding a foreign
    key checks all rows in one query instead of a deferred trigger per row at commit. Primary
    keys and unique indexes stay, so that uniqueness is checked all along. Both steps run in
    the caller's transaction, so a failure leaves the tables as they were. Elsewhere than on
    PostgreSQL this does nothing.
    """

    def __init__(self, models_: Sequence[type[models.Model]]) -> None:
        self.tables = [model._meta.db_table for model in models_]
        self.foreign_keys: list[tuple[str, str, str, str]] = []
        self.indexes: list[tuple[str, str, str]] = []

    def drop(self) -> None:
        if connection.vendor != "postgresql":
            return
        from psycopg import sql

        with connection.cursor() as cursor:
            # Run the checks still pending in this transaction now: a table with pending
            # trigger events cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(FOREIGN_KEYS, [self.tables])
            self.foreign_keys = cursor.fetchall()
            cursor.execute(INDEXES, [self.tables])
            self.indexes = cursor.fetchall()
            for schema, table, name, _definition in self.foreign_keys:
                statement = sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    sql.Identifier(schema, table), sql.Identifier(name)
                )
                cursor.execute(statement.as_string(cursor.cursor))
            for schema, name, _definition in self.indexes:
                statement = sql.SQL("DROP INDEX {}").format(sql.Identifier(schema, name))
                cursor.execute(statement.as_string(cursor.cursor))

    def restore(self) -> dict[str, int]:
        """Build the indexes and add the foreign keys again (which checks every row); return how many."""
        if connection.vendor != "postgresql":
            return {}
        from psycopg import sql

        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _schema, _name, definition in self.indexes:
                cursor.execute(definition)  # as the catalogue described it
            for schema, table, name, definition in self.foreign_keys:
                statement = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(
                    sql.Identifier(schema, table), sql.Identifier(name)
                )
                cursor.execute(statement.as_string(cursor.cursor) + definition)
        return {"indexes": len(self.indexes), "foreign keys": len(self.foreign_keys)}


FOREIGN_KEYS = """
    SELECT n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
    ORDER BY t.relname, c.conname
"""
INDEXES = """
    SELECT n.nspname, x.relname, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    JOIN pg_class x ON x.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = x.relnamespace
    WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY x.relname
"""


@dataclass
class Stage:
    name: str
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


class Stages:
    """Time each stage of the generation and report it as it ends."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self.report = report
        self.done: list[Stage] = []
        self.started = time.perf_counter()

    @contextmanager
    def stage(self, name: str) -> Iterator[Stage]:
        stage = Stage(name)
        started = time.perf_counter()
        yield stage
        stage.seconds = time.perf_counter() - started
        self.done.append(stage)
        counts = ", ".join(f"{n:,} {what}" for what, n in stage.counts.items())
        self.report(f"{name:<14} {stage.seconds:8.1f} s  {counts}")

    def record(self, name: str, seconds: float) -> None:
        """Report a stage timed elsewhere (the commit)."""
        self.done.append(Stage(name, seconds))
        self.report(f"{name:<14} {seconds:8.1f} s")

    def progress(self, name: str, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self.started
        self.report(f"  {name}: {done:,} / {total:,} ({elapsed:.0f} s since the start)")

    @property
    def total_seconds(self) -> float:
        return time.perf_counter() - self.started
