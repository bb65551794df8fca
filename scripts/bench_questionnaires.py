"""Server times of the relationship screens on a large generated board, on SQLite and PostgreSQL.

    .venv/bin/python scripts/bench_questionnaires.py [--schools 50 --children 15000 --staff 600]
        [--requests 40] [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgres]

For each database the script builds the benchmark board of `manage.py generate_board` in a
fresh database (a temporary SQLite file; a new PostgreSQL database that it creates and drops
again), plans two measurement moments for every group, fills both with answers from every
teacher and every child, and then times requests in-process (Django's test client, so the
time is the server's: middleware, queries, templates, the audit rows):

- the class overview of a group, as one of its teachers (groups of every size in turn);
- the child page with the relationship panel, as the care coordinator (full history);
- the school overview, as the school admin.

It prints p50 and p95 in milliseconds and the queries per request. A report, not a test:
timings depend on the machine and its load.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from onderstroom.accounts.models import User
    from onderstroom.schools.models import Board

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "onderstroom_bench_questionnaires"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--children", type=int, default=15000)
    parser.add_argument("--staff", type=int, default=600)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per screen")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    return parser.parse_args()


# --- the parent: one fresh process per database -------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_command(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def run_worker(args: argparse.Namespace, backend: str, env: dict[str, str]) -> dict:
    command = [
        sys.executable,
        __file__,
        "--worker",
        backend,
        "--schools",
        str(args.schools),
        "--children",
        str(args.children),
        "--staff",
        str(args.staff),
        "--requests",
        str(args.requests),
    ]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{backend} run failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_sqlite(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="onderstroom-bench-") as folder:
        env = {**os.environ, "ONDERSTROOM_SQLITE_PATH": str(Path(folder) / "bench.sqlite3")}
        env.pop("DATABASE_URL", None)
        return run_worker(args, "sqlite", env)


def run_postgres(args: argparse.Namespace) -> dict:
    admin_command(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
    admin_command(args.postgres, f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        env = {**os.environ, "DATABASE_URL": with_database(args.postgres, BENCH_DATABASE)}
        return run_worker(args, "postgres", env)
    finally:
        admin_command(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def print_report(results: dict[str, dict]) -> None:
    first = next(iter(results.values()))
    print(
        f"Board: {first['counts']['schools']} schools, {first['counts']['groups']} groups, "
        f"{first['counts']['children']} children; {first['responses']} responses on two moments per group."
    )
    print(f"{'database':<10} {'screen':<16} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'requests':>9}")
    for backend, result in results.items():
        print(f"{backend:<10} {'(set-up)':<16} {result['setup_seconds']:>7.0f}s")
        for screen, row in result["screens"].items():
            print(
                f"{backend:<10} {screen:<16} {row['p50']:>8.1f} {row['p95']:>8.1f} "
                f"{row['queries']:>8} {row['requests']:>9}"
            )


def main() -> None:
    args = parse_args()
    if args.worker:
        worker(args)
        return
    results = {}
    if args.only in (None, "sqlite"):
        results["sqlite"] = run_sqlite(args)
    if args.only in (None, "postgres"):
        results["postgres"] = run_postgres(args)
    print_report(results)


# --- the worker: build, fill, time ---------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def set_up_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onderstroom.settings")
    os.environ["ONDERSTROOM_DEBUG"] = "0"  # no query log, no debug pages: as in production
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build(args: argparse.Namespace) -> "tuple[Board, int]":
    from datetime import timedelta

    from django.utils import timezone

    from onderstroom.demo.benchmark import BenchmarkSpec, build_benchmark_board
    from onderstroom.questionnaires.builders import fill_moment, make_moment
    from onderstroom.schools.models import Group
    from onderstroom.tenancy import all_schools

    today = timezone.localdate()
    spec = BenchmarkSpec(schools=args.schools, children=args.children, staff=args.staff, seed=7)
    with all_schools():
        board = build_benchmark_board(spec, today).board
        responses = 0
        groups = Group.objects.filter(
            school__board=board, school_year__starts_on__lte=today, school_year__ends_on__gte=today
        )
        for seed, group in enumerate(groups.select_related("school_year").order_by("pk")):
            earlier = make_moment(group, name="Oktober", opens_on=today - timedelta(days=50), days=20)
            current = make_moment(group, name="November", opens_on=today - timedelta(days=5), days=20)
            responses += fill_moment(earlier, seed=seed) + fill_moment(current, seed=seed, drift=0.35)
    return board, responses


def targets(board: "Board") -> "dict[str, list[tuple[User, int, str]]]":
    """(user, url) pairs per screen, spread over schools and group sizes."""
    from django.db.models import Count

    from onderstroom.schools.models import Enrollment, Group, GroupAssignment, Membership, Role
    from onderstroom.tenancy import all_schools

    with all_schools():
        groups = list(
            Group.objects.filter(school__board=board, measurement_moments__isnull=False)
            .annotate(size=Count("enrollments", distinct=True))
            .distinct()
            .order_by("size", "pk")
        )
        overview: list[tuple[User, int, str]] = []
        child: list[tuple[User, int, str]] = []
        for group in groups:
            teacher = (
                GroupAssignment.objects.filter(group=group, kind="teacher").select_related("user").first()
            )
            care = GroupAssignment.objects.filter(group=group, kind="care").select_related("user").first()
            if teacher:
                overview.append((teacher.user, group.school_id, f"/groups/{group.uuid}/relations/"))
            enrollment = Enrollment.objects.filter(group=group).select_related("child").first()
            if care and enrollment:
                child.append((care.user, group.school_id, f"/children/{enrollment.child.uuid}/"))
        admins = Membership.objects.filter(school__board=board, role=Role.SCHOOL_ADMIN).select_related("user")
        school = [(m.user, m.school_id, "/school/relations/") for m in admins.order_by("school_id")]
    return {"class overview": overview, "child page": child, "school overview": school}


def time_screen(pairs: "list[tuple[User, int, str]]", requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from onderstroom.schools.middleware import ACTIVE_SCHOOL_KEY

    clients = {}
    for user, school_id, _url in pairs:
        if (user.pk, school_id) not in clients:
            client = Client(SERVER_NAME="localhost")
            client.force_login(user)
            session = client.session
            session[ACTIVE_SCHOOL_KEY] = school_id
            session.save()
            clients[(user.pk, school_id)] = client
    durations, queries = [], []
    for index in range(requests + 3):
        user, school_id, url = pairs[index % len(pairs)]
        client = clients[(user.pk, school_id)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if index >= 3:  # the first requests warm the caches
            durations.append(elapsed)
            queries.append(len(captured.captured_queries))
    return {
        "p50": statistics.median(durations),
        "p95": percentile(durations, 0.95),
        "queries": max(queries),
        "requests": len(durations),
    }


def worker(args: argparse.Namespace) -> None:
    set_up_django()
    from onderstroom.demo.benchmark import count_rows
    from onderstroom.schools.access import current_school_year
    from onderstroom.tenancy import all_schools

    started = time.perf_counter()
    board, responses = build(args)
    setup_seconds = time.perf_counter() - started
    with all_schools():
        school_year = current_school_year(board.schools.order_by("pk")[0])
        assert school_year is not None  # the benchmark board has this year's groups
        counts = count_rows(board, school_year.name)
    screens = {name: time_screen(pairs, args.requests) for name, pairs in targets(board).items() if pairs}
    print(
        json.dumps(
            {"counts": counts, "responses": responses, "setup_seconds": setup_seconds, "screens": screens}
        )
    )


if __name__ == "__main__":
    main()
