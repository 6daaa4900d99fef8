"""New rows and their history rows in two statements, whatever their number: for the bulk paths of the services.

`simple_history.utils.bulk_create_with_history` builds a model instance per row and another per history row, and
Django prepares every value of both field by field (at SCALE=1 on PostgreSQL, ≈ 0.19 s of a report of 1,000
figures, in batches of 500: four statements). Here, on PostgreSQL, the rows are one `INSERT … SELECT FROM
unnest(…) RETURNING id` with one array a column, and their history rows one `INSERT … SELECT` copying the new rows
from the table itself: the history holds exactly what was written, with the user, the time and the type ("+")
`bulk_history_create` gives (`get_default_history_user`, no change reason). Elsewhere (SQLite) the rows go through
Django's `bulk_create` (it batches by the database's limit on parameters), the history rows copied the same way, 500 a statement.

The rows must have been checked (`full_clean`) by the caller: the values go to the database as they are.
"""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model
from django.utils import timezone

from dtrack.db import bulk_cursor

__all__ = ["insert_with_history"]

M = TypeVar("M", bound=Model)

BATCH = 500  # history rows per statement on SQLite (its limit on parameters)


def _history_sql(model: type[Model], db: str, history_model: Any, ids_condition: str) -> str:
    quote = connections[db].ops.quote_name
    tracked = [field.attname for field in history_model.tracked_fields]
    columns = ", ".join(quote(name) for name in tracked)
    sql = (
        f"INSERT INTO {quote(history_model._meta.db_table)} ({columns}, history_date, history_user_id, "
        f"history_change_reason, history_type) SELECT {columns}, %s, %s, NULL, '+' "
        f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} {ids_condition}"
    )
    return sql


def insert_with_history(objs: Sequence[M], model: type[M], db: str = "default") -> Sequence[M]:
    """Insert `objs` (unsaved instances of `model`, checked) and their history rows; set and return their ids."""
    if not objs:
        return objs
    connection = connections[db]
    history_model = model.history.model  # type: ignore[attr-defined]  # django-simple-history adds it
    user = history_model.get_default_history_user(objs[0])
    user_id = getattr(user, "pk", None)
    now = timezone.now()
    if connection.vendor != "postgresql":
        model._default_manager.db_manager(db).bulk_create(objs)
        with connection.cursor() as cursor:
            for start in range(0, len(objs), BATCH):
                batch = objs[start : start + BATCH]
                condition = "IN (" + ", ".join(["%s"] * len(batch)) + ")"
                cursor.execute(
                    _history_sql(model, db, history_model, condition), [now, user_id, *(o.pk for o in batch)]
                )
        return objs
    quote = connection.ops.quote_name
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    columns = ", ".join(quote(field.column) for field in fields)
    pk = model._meta.pk
    with bulk_cursor(connection) as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT * FROM unnest({arrays}) "
            f"RETURNING {quote(pk.column)}",
            [[getattr(obj, field.attname) for obj in objs] for field in fields],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(_history_sql(model, db, history_model, "= ANY(%s)"), [now, user_id, ids])
    for obj, pk_value in zip(objs, ids, strict=True):
        setattr(obj, pk.attname, pk_value)
        obj._state.adding, obj._state.db = False, db
    return objs
