"""``python -m bench``: every benchmark, each figure printed beside its target.

Runs against a throwaway database made from DATABASE_URL (a PostgreSQL database named
``<name>_bench``, or a temporary SQLite file), migrated, and dropped at the end. Each
benchmark module has ``run() -> list[Row]``; add yours to BENCHMARKS."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from urllib.parse import urlparse, urlunparse

from bench import Row

BENCHMARKS = ["bench.lottery", "bench.signin_http"]


def _bench_database() -> tuple[str, object]:
    """A fresh database URL for the run, and a function that removes it."""
    url = os.environ.get("DATABASE_URL", "")
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

        return urlunparse(parsed._replace(path=f"/{name}")), drop
    path = os.path.join(tempfile.mkdtemp(prefix="jornada-bench-"), "bench.sqlite3")
    return f"sqlite:///{path}", lambda: os.path.exists(path) and os.remove(path)


def main() -> int:
    url, drop = _bench_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rows: list[Row] = []
    try:
        for dotted in BENCHMARKS:
            rows += importlib.import_module(dotted).run()
    finally:
        drop()  # type: ignore[operator]
    width = max(len(row.name) for row in rows)
    print(f"{'benchmark':<{width}}  {'measured':>14}  target")
    for row in rows:
        verdict = "" if row.ok is None else ("ok" if row.ok else "MISSED")
        print(f"{row.name:<{width}}  {row.value:>10.2f} {row.unit:<3}  {row.target} {verdict}")
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
