"""Build a network of centers with years of history in PostgreSQL, fast.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jornada_bench \\
        python -m bench.generate --centers 1000 --assignments 10000000 --reset
    python -m bench.generate --small --reset          # CI size: 3 centers, ~3,000 assignments

Rows are written with COPY from a writer thread (while the next center is generated), with
the big tables' secondary indexes dropped during the load and rebuilt after it. The
summary rows (DailyStats, WorkerMonth, EmployerMonth) are computed while generating, with
the definitions of ``reports/stats.py``; ``tests/reports/test_generate.py`` checks at the
small size that they equal what ``stats_rebuild`` computes from the raw rows.
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import sys
import threading
import time
from collections import defaultdict, deque
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TABLES = [
    "centers_center",
    "workers_worker",
    "employers_employer",
    "employers_job",
    "dispatch_signin",
    "dispatch_assignment",
    "wages_wageclaim",
    "wages_claimevent",
    "sms_message",
    "reports_dailystats",
    "reports_networkdailystats",
    "reports_workermonth",
    "reports_workeryear",
    "reports_employermonth",
    "reports_employeryear",
]
#: Tables whose secondary indexes are dropped during the load and rebuilt after it.
BIG = [
    "employers_job",
    "dispatch_signin",
    "dispatch_assignment",
    "sms_message",
    "reports_dailystats",
    "reports_workermonth",
    "reports_workeryear",
    "reports_employermonth",
    "reports_employeryear",
    "workers_worker",
    "employers_employer",
]
SKILLS = ["Jardinería", "Pintura", "Mudanza", "Construcción", "Limpieza", "Techado", "Carpintería"]
CITIES = ["Pomona, CA", "Ontario, CA", "Claremont, CA", "Petaluma, CA", "Santa Rosa, CA"]
NAMES = ["José", "María", "Juan", "Luis", "Ana", "Pedro", "Rosa", "Carlos", "Lucía", "Miguel"]
SURNAMES = ["García", "Hernández", "López", "Martínez", "Pérez", "Sánchez", "Ramírez", "Cruz"]
TZ = "America/Los_Angeles"
IDLE_MIN_DAYS, IDLE_WINDOW = 10, 30
NOW = "2026-01-01 00:00:00+00"


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.start, self.done = total, label, time.monotonic(), 0

    def update(self, n: int) -> None:
        self.done += n
        elapsed = time.monotonic() - self.start
        rate = self.done / elapsed if elapsed else 0
        left = (self.total - self.done) / rate if rate else 0
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        sys.stderr.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:,}/{self.total:,} {rate:,.0f}/s, {elapsed:,.0f}s elapsed, ~{left:,.0f}s left "
        )
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


class Writer(threading.Thread):
    """COPYs buffered rows into PostgreSQL on its own connection, so generating the next
    center overlaps with loading the last one."""

    def __init__(self, dsn: str):
        super().__init__(daemon=True)
        import psycopg

        self.conn = psycopg.connect(dsn, autocommit=True)
        self.conn.execute("SET session_replication_role = replica")  # no FK triggers
        self.queue: queue.Queue = queue.Queue(maxsize=4)
        self.error: BaseException | None = None

    def run(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            try:
                for table, columns, lines in item:
                    if not lines:
                        continue
                    with self.conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        copy.write("".join(lines))
            except BaseException as exc:
                self.error = exc
                return


COLUMNS = {
    "centers_center": "id, name, slug, timezone, address, phone, languages, sms_number, wage_floor, signin_opens, lottery_cutoff, lottery_mode, decline_policy, one_job_per_day, allow_employer_requests, offer_timeout_minutes, block_employers_with_open_claims, strike_limit, strike_window_days, suspension_days, created_at, sms_name, orientation_required",
    "workers_worker": "id, badge, full_name, known_as, phone, preferred_language, other_languages, sms_consent_at, sms_consent_method, sms_consent_language, status, suspension_reason, notes, search_text, created_at, updated_at, center_id, english_level",
    "employers_employer": "id, name, business_name, kind, phone, email, address, notes, blocked, blocked_reason, preferred_language, search_text, created_at, center_id",
    "employers_job": "id, description, workers_needed, date, start_time, estimated_hours, hourly_wage, wage_floor, address, transport_provided, status, source, cancelled_reason, created_at, center_id, employer_id, min_english_level",
    "dispatch_signin": "id, date, signed_in_at, late, present, method, lottery_number, position, state, center_id, worker_id",
    "dispatch_assignment": "id, date, slot, exclusive, how, state, hours_worked, amount_paid, pay_note, paid_status, worker_rating_comment, employer_rating_comment, ended_reason, created_at, center_id, worker_id, job_id",
    "wages_wageclaim": "id, work_start, work_end, amount_owed, amount_recovered, status, referred_to, description, opened_at, resolved_at, assignment_id, center_id, employer_id, job_id, worker_id",
    "wages_claimevent": "id, kind, note, amount, from_status, to_status, at, claim_id",
    "sms_message": "id, direction, to_number, from_number, kind, body, language, encoding, segments, status, error_code, price, attempts, created_at, sent_at, delivered_at, center_id, worker_id, priority",
    "reports_dailystats": "id, date, signins, dispatched, jobs, placements, hours, wages, paid_hours, paid_amount, floor_amount, new_employers, idle_workers, claims_opened, claims_resolved, owed, recovered, sms_sent, sms_segments, sms_cost, updated_at, center_id",
    "reports_networkdailystats": "id, date, signins, dispatched, jobs, placements, hours, wages, paid_hours, paid_amount, floor_amount, new_employers, idle_workers, claims_opened, claims_resolved, owed, recovered, sms_sent, sms_segments, sms_cost, updated_at",
    "reports_workermonth": "id, month, signin_days, dispatches, center_id, worker_id",
    "reports_workeryear": "id, year, signin_days, dispatches, center_id, worker_id",
    "reports_employeryear": "id, year, placements, center_id, employer_id",
    "reports_employermonth": "id, month, placements, center_id, employer_id",
}


def cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


def calendar(end: date, years: int) -> list[date]:
    start = end - timedelta(days=365 * years - 1)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def is_open(day: date) -> bool:
    return day.weekday() != 6  # closed on Sundays


class Ids:
    def __init__(self) -> None:
        self.next: dict[str, int] = defaultdict(lambda: 1)

    def __call__(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def generate_center(
    n: int, days: list[date], per_day: float, rng: random.Random, ids: Ids
) -> dict[str, list[str]]:
    """All rows of one center, and its summary rows, as COPY text lines."""
    out: dict[str, list] = defaultdict(list)
    center_id = ids("centers_center")
    floor = rng.choice([1600, 1800, 2000, 2300, 2500])
    out["centers_center"].append(
        f"{center_id}\tCentro {n:04d}\tcenter-{n:04d}\t{TZ}\t\t\tes,en\t+1909{n:07d}\t{cents(floor)}\t06:00:00\t07:30:00\tuniform\tkeep_position\tt\tt\t10\tf\t3\t30\t7\t{NOW}\tCentro {n:04d}\tf\n"
    )
    signins_per_day = max(3, round(per_day * 2.5))
    workers = [ids("workers_worker") for _ in range(max(8, signins_per_day * 2))]
    regular = {w: rng.uniform(0.3, 1.0) for w in workers}
    for badge, w in enumerate(workers, start=1):
        name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} {w}"
        out["workers_worker"].append(
            f"{w}\t{badge}\t{name}\t{name.split()[0]}\t+1{2000000000 + w}\tes\t\t{NOW}\tverbal\tes\tactive\t\t\t{name.lower()}\t{NOW}\t{NOW}\t{center_id}\t0\n"
        )
    employers = [ids("employers_employer") for _ in range(max(5, round(per_day * 12)))]
    for e in employers:
        out["employers_employer"].append(
            f"{e}\tEmpleador {e}\t\thomeowner\t\t\t\t\tf\t\tes\templeador {e}\t{NOW}\t{center_id}\n"
        )
    first_served: dict[int, date] = {}
    stats: dict[date, dict[str, int]] = {}
    wmonth: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    emonth: dict[tuple[int, date], int] = defaultdict(int)
    window: deque[tuple[list[int], list[int]]] = deque()
    days_30: dict[int, int] = defaultdict(int)
    jobs_30: dict[int, int] = defaultdict(int)

    def day_stats(day: date) -> dict[str, int]:
        return stats.setdefault(day, defaultdict(int))

    for day in days:
        s = day_stats(day)
        want = max(1, round(rng.gauss(signins_per_day, signins_per_day / 5))) if is_open(day) else 0
        present = [w for w in workers if rng.random() < regular[w]][:want]
        rng.shuffle(present)
        k = min(len(present), max(0, round(rng.gauss(per_day, per_day / 4)))) if present else 0
        chosen = present[:k]
        for position, w in enumerate(present, start=1):
            state = "dispatched" if position <= k else "passed"
            out["dispatch_signin"].append(
                f"{ids('dispatch_signin')}\t{day}\t{day} 14:{position % 60:02d}:00+00\tf\tt\tscan\t{position}\t{position}\t{state}\t{center_id}\t{w}\n"
            )
            wmonth[(w, day.replace(day=1))][0] += 1
        s["signins"] += len(present)
        s["dispatched"] += k
        i = 0
        while i < k:
            size = min(k - i, rng.choice([1, 1, 2, 2, 3]))
            crew = chosen[i : i + size]
            i += size
            job = ids("employers_job")
            employer = rng.choice(employers)
            wage = floor + rng.choice([0, 0, 100, 200, 300, 500])
            hours = rng.choice([4, 5, 6, 7, 8])
            out["employers_job"].append(
                f"{job}\t{rng.choice(SKILLS)}\t{size}\t{day}\t08:00:00\t{hours}.0\t{cents(wage)}\t{cents(floor)}\t{rng.choice(CITIES)}\tf\tcompleted\tdesk\t\t{day} 13:00:00+00\t{center_id}\t{employer}\t0\n"
            )
            s["jobs"] += 1
            if employer not in first_served:
                first_served[employer] = day
                s["new_employers"] += 1
            emonth[(employer, day.replace(day=1))] += size
            for slot, w in enumerate(crew, start=1):
                a = ids("dispatch_assignment")
                due = wage * hours
                roll = rng.random()
                paid, status = (
                    (due, "paid")
                    if roll > 0.03
                    else ((due // 2, "partial") if roll > 0.01 else (None, "unpaid"))
                )
                out["dispatch_assignment"].append(
                    f"{a}\t{day}\t{slot}\tt\tlottery\tcompleted\t{hours}.0\t{cents(paid) if paid is not None else chr(92) + 'N'}\t\t{status}\t\t\t\t{day} 15:00:00+00\t{center_id}\t{w}\t{job}\n"
                )
                s["placements"] += 1
                s["hours"] += hours * 10
                if paid is not None:
                    s["wages"] += paid
                    s["paid_hours"] += hours * 10
                    s["paid_amount"] += paid
                    s["floor_amount"] += floor * hours
                wmonth[(w, day.replace(day=1))][1] += 1
                if rng.random() < 0.3:
                    price = 79
                    out["sms_message"].append(
                        f"{ids('sms_message')}\tout\t+1{2000000000 + w}\t+1909{n:07d}\toffer\tTrabajo: {day}. Responde 1 o 2\tes\tGSM-7\t1\tdelivered\t\t-0.{price:04d}\t1\t{day} 14:30:00+00\t{day} 14:30:01+00\t{day} 14:30:05+00\t{center_id}\t{w}\t0\n"
                    )
                    s["sms_sent"] += 1
                    s["sms_segments"] += 1
                    s["sms_cost"] += price
                if paid != due:
                    claim = ids("wages_wageclaim")
                    owed = due - (paid or 0)
                    opened = day + timedelta(days=1)
                    resolved = rng.random() < 0.6
                    resolved_day = opened + timedelta(days=rng.randint(3, 40))
                    out["wages_wageclaim"].append(
                        f"{claim}\t{day}\t{day}\t{cents(owed)}\t{cents(owed) if resolved else '0.00'}\t{'resolved' if resolved else 'open'}\t\t\t{opened} 18:00:00+00\t{str(resolved_day) + ' 18:00:00+00' if resolved else chr(92) + 'N'}\t{a}\t{center_id}\t{employer}\t{job}\t{w}\n"
                    )
                    day_stats(opened)["claims_opened"] += 1
                    day_stats(opened)["owed"] += owed
                    if resolved:
                        out["wages_claimevent"].append(
                            f"{ids('wages_claimevent')}\tpayment\t\t{cents(owed)}\t\t\t{resolved_day} 18:00:00+00\t{claim}\n"
                        )
                        day_stats(resolved_day)["claims_resolved"] += 1
                        day_stats(resolved_day)["recovered"] += owed
        # idle workers as of this day: the window holds the last IDLE_WINDOW calendar days
        window.append((day, present, chosen))
        for w in present:
            days_30[w] += 1
        for w in chosen:
            jobs_30[w] += 1
        while window and window[0][0] <= day - timedelta(days=IDLE_WINDOW):
            _, old_present, old_chosen = window.popleft()
            for w in old_present:
                days_30[w] -= 1
            for w in old_chosen:
                jobs_30[w] -= 1
        s["idle_workers"] = sum(
            1 for w, d in days_30.items() if d >= IDLE_MIN_DAYS and not jobs_30[w]
        )

    last = days[-1]
    for day in sorted(stats):
        s = stats[day]
        if day > last or not any(s.values()):
            continue  # a claim opened or paid after the generated history
        out["reports_dailystats"].append(stats_line(ids("reports_dailystats"), day, s, center_id))
        out["network"].append((day, s))
    years: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for (w, month), (signin_days, jobs) in wmonth.items():
        out["reports_workermonth"].append(
            f"{ids('reports_workermonth')}\t{month}\t{signin_days}\t{jobs}\t{center_id}\t{w}\n"
        )
        years[(w, month.year)][0] += signin_days
        years[(w, month.year)][1] += jobs
    for (w, year), (signin_days, jobs) in years.items():
        out["reports_workeryear"].append(
            f"{ids('reports_workeryear')}\t{year}\t{signin_days}\t{jobs}\t{center_id}\t{w}\n"
        )
    employer_years: dict[tuple[int, int], int] = defaultdict(int)
    for (e, month), placements in emonth.items():
        out["reports_employermonth"].append(
            f"{ids('reports_employermonth')}\t{month}\t{placements}\t{center_id}\t{e}\n"
        )
        employer_years[(e, month.year)] += placements
    for (e, year), placements in employer_years.items():
        out["reports_employeryear"].append(
            f"{ids('reports_employeryear')}\t{year}\t{placements}\t{center_id}\t{e}\n"
        )
    return out


def stats_line(pk: int, day: date, s: dict[str, int], center_id: int | None) -> str:
    """A DailyStats (or, without a center, NetworkDailyStats) row; money in cents, hours in
    tenths, SMS cost in ten-thousandths of a dollar."""
    numbers = [
        s["signins"],
        s["dispatched"],
        s["jobs"],
        s["placements"],
        f"{s['hours'] // 10}.{s['hours'] % 10}",
        cents(s["wages"]),
        f"{s['paid_hours'] // 10}.{s['paid_hours'] % 10}",
        cents(s["paid_amount"]),
        cents(s["floor_amount"]),
        s["new_employers"],
        s["idle_workers"],
        s["claims_opened"],
        s["claims_resolved"],
        cents(s["owed"]),
        cents(s["recovered"]),
        s["sms_sent"],
        s["sms_segments"],
        f"{s['sms_cost'] // 10000}.{s['sms_cost'] % 10000:04d}",
    ]
    tail = [NOW] if center_id is None else [NOW, center_id]
    return "\t".join(str(value) for value in [pk, day, *numbers, *tail]) + "\n"


def _indexes_drop(cursor, tables: list[str]) -> list[str]:
    """Drop the secondary indexes and unique constraints of ``tables``; return the SQL
    that recreates them."""
    recreate: list[str] = []
    for table in tables:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            recreate.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s"
            " AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
            recreate.append(definition)
    return recreate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--centers", type=int, default=1000)
    parser.add_argument("--assignments", type=int, default=10_000_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2025, 12, 31))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--small", action="store_true", help="CI size: 3 centers, ~3,000 assignments, 1 year"
    )
    parser.add_argument("--reset", action="store_true", help="empty the tables first")
    args = parser.parse_args(argv)
    if args.small:
        args.centers, args.assignments, args.years = 3, 3000, 1
    django.setup()
    run(
        centers=args.centers,
        assignments=args.assignments,
        years=args.years,
        end=args.end,
        seed=args.seed,
        reset=args.reset,
    )


def run(
    *,
    centers: int,
    assignments: int,
    years: int,
    end: date,
    seed: int,
    reset: bool,
    quiet: bool = False,
) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit(
            "bench.generate needs PostgreSQL: set DATABASE_URL=postgres://…/jornada_bench"
        )
    call_command("migrate", verbosity=0)
    timings: dict[str, float] = {}
    begin = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM centers_center")
        if cursor.fetchone()[0] and not reset:
            raise SystemExit("the database has centers already: pass --reset to empty it")
        cursor.execute("TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY CASCADE")
        recreate = _indexes_drop(cursor, BIG)
    days = calendar(end, years)
    per_day = assignments / (centers * sum(1 for day in days if is_open(day)))
    rng = random.Random(seed)
    ids = Ids()
    settings = connection.settings_dict
    dsn = f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} dbname={settings['NAME']} user={settings['USER']}"
    writer = Writer(dsn)
    writer.start()
    progress = None if quiet else Progress(centers, "centers")
    network: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for n in range(1, centers + 1):
        rows = generate_center(n, days, per_day, rng, ids)
        for day, numbers in rows.pop("network"):
            for name, value in numbers.items():
                network[day][name] += value
        if writer.error:
            raise writer.error
        writer.queue.put([(table, COLUMNS[table], rows.get(table, [])) for table in TABLES])
        if progress:
            progress.update(1)
    network_rows = [
        stats_line(ids("reports_networkdailystats"), day, numbers, None)
        for day, numbers in sorted(network.items())
    ]
    writer.queue.put(
        [("reports_networkdailystats", COLUMNS["reports_networkdailystats"], network_rows)]
    )
    writer.queue.put(None)
    writer.join()
    if writer.error:
        raise writer.error
    if progress:
        progress.close()
    timings["load"] = time.monotonic() - begin
    mark = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for statement in recreate:
            cursor.execute(statement)
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608 - our table names
                f" COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        cursor.execute("VACUUM ANALYZE")  # index-only scans need the visibility map
    timings["indexes"] = time.monotonic() - mark
    timings["total"] = time.monotonic() - begin
    counts = {table: ids.next[table] - 1 for table in TABLES}
    if not quiet:
        for table, count in counts.items():
            print(f"{table:28} {count:>12,}")
        print(
            f"load {timings['load']:.1f}s, indexes {timings['indexes']:.1f}s, total {timings['total']:.1f}s"
        )
    return timings


if __name__ == "__main__":
    main()
