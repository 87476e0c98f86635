"""Schema migrations and views.

Migrations `schema/NNN_*.sql` are applied in order, each in its own transaction together
with its row in `schema_version`, so a warehouse is always at exactly one version. An
older warehouse is upgraded in place; a newer one (written by newer code) is refused
rather than touched. Views are dropped and re-created on every migrate, since they are
derived and may change without a schema version.
"""

from __future__ import annotations

import contextlib

import duckdb

from warehouse.sql import migrations, statement, views


class SchemaError(RuntimeError):
    """The database cannot be brought to this code's schema version."""


def latest_version() -> int:
    return len(migrations())


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    has_table = con.execute(statement("schema", "has_schema_version")).fetchone()
    if not has_table or not has_table[0]:
        return 0
    row = con.execute(statement("schema", "max_version")).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _user_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(statement("schema", "user_tables")).fetchall()
    return [r[0] for r in rows]


def drop_views(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(statement("schema", "user_views")).fetchall()
    for (name,) in rows:
        # Identifiers cannot be bound; names come from the catalog, quoted.
        con.execute(f'DROP VIEW IF EXISTS "{name.replace(chr(34), "")}"')


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = []
    for name, script in views():
        con.execute(script)
        names.append(name)
    return names


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> int:
    """Bring the database to `target` (default: latest) and re-create the views.

    Returns the version reached. Raises SchemaError for a database newer than the code,
    or for a non-empty database without a schema_version table (not ours: never overwrite).
    """
    all_migrations = migrations()
    goal = len(all_migrations) if target is None else target
    have = current_version(con)
    if have > len(all_migrations):
        raise SchemaError(
            f"warehouse schema version {have} is newer than this code's {len(all_migrations)}; "
            "upgrade protokoll instead"
        )
    if have == 0 and _user_tables(con):
        raise SchemaError("database has tables but no schema_version; refusing to modify it")
    if goal < have:
        raise SchemaError(f"cannot downgrade warehouse from schema version {have} to {goal}")

    drop_views(con)
    if have == 0:
        con.execute(
            "CREATE TABLE schema_version (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
        )
    for version, name, script in all_migrations:
        if version <= have or version > goal:
            continue
        con.begin()
        try:
            con.execute(script)
            con.execute(statement("schema", "record_migration"), {"version": version, "name": name})
            con.commit()
        except Exception:
            # A failed COMMIT has already ended the transaction.
            with contextlib.suppress(duckdb.TransactionException):
                con.rollback()
            raise
    # Views may only refer to the latest schema; an intermediate target gets none.
    if goal == len(all_migrations):
        apply_views(con)
    return goal
