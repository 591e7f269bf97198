"""Hand-written SQL for the few reads that run on every poll of a page, typed as the ORM
would type them. Only table and column names are put into such SQL; values are parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def fields_of(model: type[Model]) -> Callable[[str], Field]:
    """A getter of ``model``'s concrete fields by name, to name ``fetch``'s columns."""

    def field(name: str) -> Field:
        found = model._meta.get_field(name)
        if not isinstance(found, Field):
            raise TypeError(f"{model.__name__}.{name} is not a column")
        return found

    return field


def fetch(sql: str, params: Sequence[Any], columns: Sequence[Field | None]) -> list[tuple]:
    """Run ``sql`` and convert each column of its rows as the ORM converts the model field
    given for it (``None``: a plain value, such as a count)."""
    converters = []
    for index, field in enumerate(columns):
        if field is None:
            continue
        col = field.get_col(field.model._meta.db_table)
        found = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        if found:
            converters.append((index, col, found))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not converters:
        return rows
    typed = []
    for row in rows:
        values = list(row)
        for index, col, found in converters:
            for convert in found:
                values[index] = convert(values[index], col, connection)
        typed.append(tuple(values))
    return typed


#: Separates the items of a list read back from SQLite's group_concat (never typed by anyone).
_UNIT = "\x1f"


def ordered_list(column: str, rest: str) -> str:
    """An SQL expression: the values of ``SELECT column rest``, in its order, as one value
    (read back with ``as_tuple``). PostgreSQL builds an array; SQLite joins the values."""
    if connection.vendor == "postgresql":
        return f"ARRAY(SELECT {column} {rest})"
    return f"(SELECT group_concat(v, char(31)) FROM (SELECT {column} AS v {rest}))"  # noqa: S608


def as_tuple(value: Any) -> tuple:
    """Read back an ``ordered_list`` value."""
    if not value:
        return ()
    return tuple(value.split(_UNIT)) if isinstance(value, str) else tuple(value)
