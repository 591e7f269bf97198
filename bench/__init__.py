"""Benchmarks: ``python -m bench [name] [options]`` (see bench/README.md)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlparse, urlunparse


@dataclass
class Row:
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None  # None: no target, just a figure


def print_rows(rows: list[Row]) -> bool:
    """Print each figure beside its target; True when no target was missed."""
    width = max(len(row.name) for row in rows)
    print(f"{'benchmark':<{width}}  {'measured':>14}  target")
    for row in rows:
        verdict = "" if row.ok is None else ("ok" if row.ok else "MISSED")
        print(f"{row.name:<{width}}  {row.value:>10.2f} {row.unit:<3}  {row.target} {verdict}")
    return all(row.ok is not False for row in rows)


@contextmanager
def throwaway_database() -> Iterator[None]:
    """Point Django at a fresh, migrated database made from DATABASE_URL (PostgreSQL:
    ``<name>_bench``; otherwise a temporary SQLite file) and drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    drop: Callable[[], object]
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parsed = urlparse(url)
        name = f"{parsed.path.lstrip('/') or 'jornada'}_bench"
        admin = urlunparse(parsed._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        url = urlunparse(parsed._replace(path=f"/{name}"))
    else:
        path = os.path.join(tempfile.mkdtemp(prefix="jornada-bench-"), "bench.sqlite3")
        url = f"sqlite:///{path}"

        def drop() -> None:
            if os.path.exists(path):
                os.remove(path)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        yield
    finally:
        drop()
