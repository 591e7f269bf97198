"""The database refuses a job below the wage floor or the minimum hours in force on its
date, whoever writes it: the ORM, ``QuerySet.update()``, the admin, plain SQL.

The floors live in two histories by date: the center's (``centers_wagefloor``, else the
center's own ``wage_floor``) and each kind of work's (``employers_kindfloor``, the row in
force for each of the job's skills). A check constraint cannot read other tables, so
triggers hold the rule, on PostgreSQL and SQLite alike, with one condition written once.
An update fires the check only when the wage, hours, date or center change, so closing an
old job never trips over a floor set later.
"""

from django.db import migrations


def _kind(column: str, center: str, skill: str, day: str) -> str:
    return (
        f"(SELECT k.{column} FROM employers_kindfloor k WHERE k.center_id = {center} "
        f"AND k.skill_id = {skill} AND k.starts_on <= {day} ORDER BY k.starts_on DESC LIMIT 1)"
    )


#: A job row (NEW) below the center's floor or a kind of work's floor or minimum hours.
JOB_BELOW = (
    "(NEW.hourly_wage < COALESCE("
    "(SELECT f.amount FROM centers_wagefloor f WHERE f.center_id = NEW.center_id "
    "AND f.starts_on <= NEW.date ORDER BY f.starts_on DESC LIMIT 1), "
    "(SELECT c.wage_floor FROM centers_center c WHERE c.id = NEW.center_id)) "
    "OR EXISTS (SELECT 1 FROM employers_job_skills js WHERE js.job_id = NEW.id AND ("
    f"NEW.hourly_wage < {_kind('wage_floor', 'NEW.center_id', 'js.skill_id', 'NEW.date')} "
    f"OR NEW.estimated_hours < {_kind('min_hours', 'NEW.center_id', 'js.skill_id', 'NEW.date')}"
    ")))"
)
#: A skill added to a job (NEW in employers_job_skills) whose floor the job is below.
SKILL_BELOW = (
    "EXISTS (SELECT 1 FROM employers_job j WHERE j.id = NEW.job_id AND ("
    f"j.hourly_wage < {_kind('wage_floor', 'j.center_id', 'NEW.skill_id', 'j.date')} "
    f"OR j.estimated_hours < {_kind('min_hours', 'j.center_id', 'NEW.skill_id', 'j.date')}"
    "))"
)
PG_CHANGED = (
    "OLD.hourly_wage IS DISTINCT FROM NEW.hourly_wage "
    "OR OLD.estimated_hours IS DISTINCT FROM NEW.estimated_hours "
    "OR OLD.date IS DISTINCT FROM NEW.date OR OLD.center_id IS DISTINCT FROM NEW.center_id"
)
SQLITE_CHANGED = (
    "NEW.hourly_wage IS NOT OLD.hourly_wage OR NEW.estimated_hours IS NOT OLD.estimated_hours "
    "OR NEW.date IS NOT OLD.date OR NEW.center_id IS NOT OLD.center_id"
)
MESSAGE = "job_below_floor: the wage or hours are below the floor in force on the date of the job"

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION employers_job_floor_check() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN
    IF {JOB_BELOW} THEN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation'; END IF;
    RETURN NEW; END $$""",
    f"""CREATE OR REPLACE FUNCTION employers_job_skill_floor_check() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN
    IF {SKILL_BELOW} THEN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation'; END IF;
    RETURN NEW; END $$""",
    "CREATE TRIGGER employers_job_floor_insert BEFORE INSERT ON employers_job "
    "FOR EACH ROW EXECUTE FUNCTION employers_job_floor_check()",
    "CREATE TRIGGER employers_job_floor_update BEFORE UPDATE ON employers_job "
    f"FOR EACH ROW WHEN ({PG_CHANGED}) EXECUTE FUNCTION employers_job_floor_check()",
    "CREATE TRIGGER employers_job_skill_floor BEFORE INSERT OR UPDATE ON employers_job_skills "
    "FOR EACH ROW EXECUTE FUNCTION employers_job_skill_floor_check()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS employers_job_floor_insert ON employers_job",
    "DROP TRIGGER IF EXISTS employers_job_floor_update ON employers_job",
    "DROP TRIGGER IF EXISTS employers_job_skill_floor ON employers_job_skills",
    "DROP FUNCTION IF EXISTS employers_job_floor_check()",
    "DROP FUNCTION IF EXISTS employers_job_skill_floor_check()",
]
SQLITE = [
    f"""CREATE TRIGGER employers_job_floor_insert BEFORE INSERT ON employers_job
    FOR EACH ROW WHEN {JOB_BELOW} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER employers_job_floor_update BEFORE UPDATE ON employers_job
    FOR EACH ROW WHEN ({SQLITE_CHANGED}) AND {JOB_BELOW}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER employers_job_skill_floor_insert BEFORE INSERT ON employers_job_skills
    FOR EACH ROW WHEN {SKILL_BELOW} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER employers_job_skill_floor_update BEFORE UPDATE ON employers_job_skills
    FOR EACH ROW WHEN {SKILL_BELOW} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS employers_job_floor_insert",
    "DROP TRIGGER IF EXISTS employers_job_floor_update",
    "DROP TRIGGER IF EXISTS employers_job_skill_floor_insert",
    "DROP TRIGGER IF EXISTS employers_job_skill_floor_update",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0006_assembly_decisions_and_floor_history"),
        ("employers", "0007_floors_by_kind_of_work"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        )
    ]
