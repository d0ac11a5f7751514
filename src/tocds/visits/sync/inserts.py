"""The batch's inserts in plain SQL (ADR 0012): the new visits in one statement that lets the
unique UUID decide which request creates a row, then their services."""

import operator
import uuid as uuid_lib
from functools import lru_cache
from types import SimpleNamespace

from django.db import connection, models

from tocds.core.sql import fetch, run_many
from tocds.visits.models import Visit, VisitService

# Columns written by a sync insert: every concrete field but the primary key.
_VISIT_FIELDS = [f for f in Visit._meta.concrete_fields if not f.primary_key]


def insert_visits(visits: list[SimpleNamespace]) -> dict[str, int]:
    """INSERT … ON CONFLICT (uuid) DO NOTHING RETURNING id, uuid in one statement: the unique
    UUID decides which request creates a row, and the database says which rows it created
    (those whose UUID is already stored are not returned). Values are adapted per column type
    only (the ORM's bulk_create spends more on preparing 500 × 28 values than the database on
    storing them). Returns {uuid's hex digits: id} of the rows created."""
    if not visits:
        return {}
    ops = connection.ops
    adapt_at = []  # (column index, adapter) of the columns the driver cannot take as they are
    moment = _memo(ops.adapt_datetimefield_value)  # one for every time column: they share values
    for index, f in enumerate(_VISIT_FIELDS):
        if isinstance(f, models.UUIDField):
            if not connection.features.has_native_uuid_field:
                adapt_at.append((index, _uuid_hex))
        elif isinstance(f, models.DateTimeField):
            adapt_at.append((index, moment))
        elif isinstance(f, models.DateField):
            adapt_at.append((index, ops.adapt_datefield_value))
    values_of = _VISIT_VALUES  # every column of a row in one C call
    params = []
    for visit in visits:
        row = list(values_of(visit))
        for index, adapt in adapt_at:
            row[index] = adapt(row[index])
        params.extend(row)
    rows = fetch(_insert_sql(len(visits)), params)
    if connection.features.has_native_uuid_field:
        return {key.hex: pk for pk, key in rows}
    return {key: pk for pk, key in rows}  # SQLite returns the hex digits


_VISIT_VALUES = operator.attrgetter(*(f.attname for f in _VISIT_FIELDS))


def _uuid_hex(value: uuid_lib.UUID | None) -> str | None:
    """A UUID as Django stores it where the database has no UUID type (32 hex digits)."""
    return None if value is None else value.hex


@lru_cache(maxsize=8)
def _insert_sql(rows: int) -> str:
    ops = connection.ops
    table = ops.quote_name(Visit._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in _VISIT_FIELDS)
    row = f"({', '.join(['%s'] * len(_VISIT_FIELDS))})"
    return (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * rows)} "  # noqa: S608
        "ON CONFLICT (uuid) DO NOTHING RETURNING id, uuid"
    )


def _memo(adapt):
    """An adapter that converts each distinct value once (a batch shares its receive time; a
    visit's corrected time is its device time when the clock was right)."""
    seen: dict = {}

    def adapted(value):
        if value not in seen:
            seen[value] = adapt(value)
        return seen[value]

    return adapted


def insert_services(rows) -> None:
    """(visit id, service id, people, outcome) rows of the visits just created."""
    rows = list(rows)
    if not rows:
        return
    table = connection.ops.quote_name(VisitService._meta.db_table)
    run_many(
        f"INSERT INTO {table} (visit_id, service_id, people, outcome) "  # noqa: S608
        "VALUES (%s, %s, %s, %s)",
        rows,
    )
