"""Server time and CPU of every heavy page of every role on a large generated board, SQLite and PostgreSQL.

    make bench BENCH_ARGS="--schools 10 --children 3000 --staff 120"
    .venv/bin/python scripts/bench_questionnaires.py [--schools 50 --children 15000 --staff 600]
        [--requests 30] [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--pg-database NAME]
        [--only sqlite|postgres] [--pages "empty page,class overview"]

For each database the script builds the benchmark board of `manage.py generate_board` in a
fresh database (a temporary SQLite file; a new PostgreSQL database that it creates and drops
again), plans two measurement moments for every group, fills both with answers from every
teacher and every child, adds three classes of 5, 30 and 60 children (same answers) to see
whether the class overview grows with the class, and then times requests in-process (Django's
test client: middleware, queries, templates, the audit rows; no network, no gunicorn):

- a signed-in empty page (the account page): the yardstick every other page is divided by;
- the class overview of a group as its teacher (every group in turn, and the 5/30/60 classes);
- the child page with the relationship panel, as the care coordinator (full history);
- the care coordinator's home page and the signals page of a supported group, in the largest
  and in the smallest school;
- the school overview and the school-climate report (a round last year and this year, most
  children of groups 5-8 and every staff member answered) as the school admin, largest and
  smallest school;
- the board page as the board admin.

Before timing, the board is left as the answering service's background tasks leave it: each
school's reference statistics and each group's signal counts stored.

Per page it prints p50 and p95 wall time, the median CPU time of this process (with SQLite
that includes the database; PostgreSQL's own CPU is not counted), the same without the CPU of
rendering the page's templates ("-render"), the queries per request, the ratio of the median
CPU time to the empty page's (the empty page is requested right after each timed request, by the
same user, so a machine whose speed drifts gives a fair ratio), and the target beside it; the
class overview's flatness from 5 to 60 children is judged without the rendering, as the target
says. A report, not a test: timings depend on the machine and its load. Every page is requested
once before timing.
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
    from datetime import date

    from django.test import Client

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
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument(
        "--pg-database", default=BENCH_DATABASE, help="the database created (and dropped) on that server"
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated page names (or their beginnings) to time; the empty page is always timed",
    )
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
        "--pages",
        args.pages,
    ]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if env.get("BENCH_PROFILE"):
        sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"{backend} run failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_sqlite(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="onderstroom-bench-") as folder:
        env = {**os.environ, "ONDERSTROOM_SQLITE_PATH": str(Path(folder) / "bench.sqlite3")}
        env.pop("DATABASE_URL", None)
        return run_worker(args, "sqlite", env)


def run_postgres(args: argparse.Namespace) -> dict:
    name = args.pg_database
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"--pg-database: {name!r} is not a plain database name")
    admin_command(args.postgres, f"DROP DATABASE IF EXISTS {name}")
    admin_command(args.postgres, f"CREATE DATABASE {name}")
    try:
        env = {**os.environ, "DATABASE_URL": with_database(args.postgres, name)}
        return run_worker(args, "postgres", env)
    finally:
        admin_command(args.postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# page → (target, database the target is stated for). The CPU ratio is to the empty page.
TARGETS = {
    "class overview 5": ("flat 5→60 ±20%", ""),
    "class overview 30": ("p95 ≤ 50 ms (SQLite), CPU ≤ 4x empty", "sqlite"),
    "class overview 60": ("flat 5→60 ±20%", ""),
    "coordinator home, largest": ("p95 ≤ 150 ms (PostgreSQL)", "postgres"),
    "coordinator home, smallest": ("p95 ≤ 150 ms (PostgreSQL)", "postgres"),
    "signals, largest": ("p95 ≤ 150 ms (PostgreSQL)", "postgres"),
    "school overview, largest": ("p95 ≤ 150 ms (PostgreSQL)", "postgres"),
    "school overview, smallest": ("p95 ≤ 150 ms (PostgreSQL)", "postgres"),
    "school climate, largest": ("p95 ≤ 150 ms (PostgreSQL)", "postgres"),
    "school climate, smallest": ("p95 ≤ 150 ms (PostgreSQL)", "postgres"),
    "board page": ("p95 ≤ 150 ms (PostgreSQL)", "postgres"),
}


def verdict(backend: str, page: str, row: dict, rows: dict) -> str:
    target, where = TARGETS.get(page, ("", ""))
    if not target:
        return ""
    if page == "class overview 30" and backend == "sqlite":
        met = row["p95"] <= 50 and row["cpu"] <= 4 * row["cpu_empty"]
    elif page in ("class overview 5", "class overview 60"):
        if "class overview 5" not in rows or "class overview 60" not in rows:
            return target
        # "Flat apart from rendering the rows": the CPU of everything but the template rendering.
        small, large = rows["class overview 5"]["cpu_undrawn"], rows["class overview 60"]["cpu_undrawn"]
        met = large <= 1.2 * small
        return f"{target} without rendering ({small:.1f} → {large:.1f} ms CPU): {'met' if met else 'NOT met'}"
    elif where == backend:
        met = row["p95"] <= 150
    else:
        return target
    return f"{target}: {'met' if met else 'NOT met'}"


def print_report(results: dict[str, dict]) -> None:
    first = next(iter(results.values()))
    counts = first["counts"]
    print(
        f"Board: {counts['schools']} schools, {counts['groups']} groups, {counts['children']} children; "
        f"{first['responses']} responses on two moments per group; largest school {first['largest']} "
        f"children, smallest {first['smallest']}."
    )
    header = (
        f"{'database':<9} {'page':<28} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7} {'-render':>7} "
        f"{'queries':>7} {'xempty':>7}"
    )
    print(header + "  target")
    for backend, result in results.items():
        print(f"{backend:<9} {'(set-up)':<28} {result['setup_seconds']:>6.0f}s")
        rows = result["pages"]
        for page, row in rows.items():
            ratio = row["cpu"] / row["cpu_empty"] if row["cpu_empty"] else float("nan")
            print(
                f"{backend:<9} {page:<28} {row['p50']:>7.1f} {row['p95']:>7.1f} {row['cpu']:>7.1f} "
                f"{row['cpu_undrawn']:>7.1f} {row['queries']:>7} {ratio:>7.1f}  "
                f"{verdict(backend, page, row, rows)}"
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


SIZES = (5, 30, 60)  # the extra classes of the class overview's growth check
EMPTY_PAGE = "/account/"  # the signed-in empty page: the yardstick


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
        add_sized_groups(board, today)
        responses = 0
        groups = Group.objects.filter(
            school__board=board, school_year__starts_on__lte=today, school_year__ends_on__gte=today
        )
        for seed, group in enumerate(groups.select_related("school_year").order_by("pk")):
            earlier = make_moment(group, name="Oktober", opens_on=today - timedelta(days=50), days=20)
            current = make_moment(group, name="November", opens_on=today - timedelta(days=5), days=20)
            seed = 0 if group.name.startswith("Bench") else seed  # the sized classes: the same children
            responses += fill_moment(earlier, seed=seed) + fill_moment(current, seed=seed, drift=0.35)
        add_school_climate(board, today)
        settle(board, today)
    return board, responses


def settle(board: "Board", today: "date") -> None:
    """What the answering service's background tasks leave behind after answers: each school's
    reference statistics and each group's signal counts stored (`tasks.refresh_references`, then
    `tasks.refresh_group_signals`). The answers above were written directly, past the service."""
    from onderstroom.questionnaires import group_signals, references
    from onderstroom.questionnaires.models import Response

    keys = set(
        Response.objects.filter(school__board=board)
        .values_list("school_id", "version_id", "moment__school_year_id")
        .distinct()
        .order_by()
    )
    references.refresh(keys)
    group_signals.refresh(sorted({school for school, _version, _year in keys}), today)


def add_school_climate(board: "Board", today: "date") -> None:
    """A school-climate round last year and this year in every school, as the demo fills them."""
    import random
    from datetime import timedelta

    from onderstroom.climate.demo import school_round
    from onderstroom.climate.models import ClimateResponse
    from onderstroom.schools.models import SchoolYear

    rng = random.Random(7)
    for school in board.schools.order_by("pk"):
        years = list(SchoolYear.objects.filter(school=school, starts_on__lte=today).order_by("starts_on"))
        previous, current = years[-2], years[-1]
        rows = school_round(school, previous, today - timedelta(days=365), rng, -0.4)
        rows += school_round(school, current, today - timedelta(days=12), rng)
        ClimateResponse.objects.bulk_create(rows, batch_size=2000)


def add_sized_groups(board: "Board", today: "date") -> None:
    """Classes of 5, 30 and 60 children (grade 5) in the first school, taught by one of its teachers."""
    from onderstroom.schools.models import Child, Enrollment, Group, GroupAssignment

    school = board.schools.order_by("pk")[0]
    model = Group.objects.filter(
        school=school, school_year__starts_on__lte=today, school_year__ends_on__gte=today
    )
    year = model.select_related("school_year")[0].school_year
    teacher = GroupAssignment.objects.filter(group__school_year=year, kind="teacher").order_by("pk")[0].user
    for size in SIZES:
        group = Group.objects.create(school=school, school_year=year, name=f"Bench {size}", grades=[5])
        GroupAssignment.objects.create(school=school, group=group, user=teacher, kind="teacher")
        children = Child.objects.bulk_create(
            Child(school=school, first_name=f"Kind{n}", surname=f"Bench{size}") for n in range(size)
        )
        Enrollment.objects.bulk_create(
            Enrollment(school=school, child=c, group=group, school_year=year, grade=5) for c in children
        )


def targets(board: "Board") -> "dict[str, list[tuple[User, int, str]]]":
    """(user, school, url) per page, spread over schools and group sizes."""
    from django.db.models import Count

    from onderstroom.schools.models import (
        BoardMembership,
        Enrollment,
        Group,
        GroupAssignment,
        Membership,
        Role,
    )
    from onderstroom.tenancy import all_schools

    with all_schools():
        groups = list(
            Group.objects.filter(school__board=board, measurement_moments__isnull=False)
            .annotate(size=Count("enrollments", distinct=True))
            .distinct()
            .order_by("size", "pk")
        )
        pages: dict[str, list[tuple[User, int, str]]] = {"empty page": [], "class overview": []}
        sized: dict[int, list[tuple[User, int, str]]] = {}
        child: list[tuple[User, int, str]] = []
        for group in groups:
            teacher = (
                GroupAssignment.objects.filter(group=group, kind="teacher").select_related("user").first()
            )
            care = GroupAssignment.objects.filter(group=group, kind="care").select_related("user").first()
            if teacher:
                pair = (teacher.user, group.school_id, f"/groups/{group.uuid}/relations/")
                if group.name.startswith("Bench"):
                    sized[group.size] = [pair]
                else:
                    pages["class overview"].append(pair)
                    pages["empty page"].append((teacher.user, group.school_id, EMPTY_PAGE))
            enrollment = Enrollment.objects.filter(group=group).select_related("child").first()
            if care and enrollment and not group.name.startswith("Bench"):
                child.append((care.user, group.school_id, f"/children/{enrollment.child.uuid}/"))
        for size in SIZES:
            pages[f"class overview {size}"] = sized[size]
        pages["child page"] = child
        by_size = {g.school_id: 0 for g in groups}
        for g in groups:
            by_size[g.school_id] += 0 if g.name.startswith("Bench") else g.size
        ordered = sorted(by_size, key=lambda school: by_size[school])
        for label, school_id in (("largest", ordered[-1]), ("smallest", ordered[0])):
            cares = (
                GroupAssignment.objects.filter(
                    group__in=[g for g in groups if g.school_id == school_id], kind="care"
                )
                .values("user")
                .annotate(n=Count("pk"))
                .order_by("-n", "user")
            )
            care_id = cares[0]["user"]
            care_user = GroupAssignment.objects.filter(user_id=care_id).select_related("user")[0].user
            supported = GroupAssignment.objects.filter(
                user_id=care_id, kind="care", group__in=[g for g in groups]
            )
            pages[f"coordinator home, {label}"] = [(care_user, school_id, "/")]
            pages[f"signals, {label}"] = [
                (care_user, school_id, f"/groups/{a.group.uuid}/signals/")
                for a in supported.select_related("group")
            ]
            admin = Membership.objects.filter(school_id=school_id, role=Role.SCHOOL_ADMIN).select_related(
                "user"
            )[0]
            pages[f"school overview, {label}"] = [(admin.user, school_id, "/school/relations/")]
            pages[f"school climate, {label}"] = [(admin.user, school_id, "/climate/school/")]
        board_admin = BoardMembership.objects.filter(board=board).select_related("user")[0].user
        pages["board page"] = [(board_admin, board.schools.order_by("pk")[0].pk, "/board/")]
    return pages


_drawing = {"depth": 0, "cpu": 0.0}  # CPU seconds spent rendering templates, nested calls once


def count_drawing() -> None:
    """Time every page's template rendering apart, so a page's CPU can be given without it (the
    class overview's "flat apart from rendering the rows")."""
    from django.template.backends.django import Template

    original = Template.render

    def render(self: Template, *args: Any, **kwargs: Any) -> str:
        _drawing["depth"] += 1
        started = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            _drawing["depth"] -= 1
            if not _drawing["depth"]:
                _drawing["cpu"] += time.process_time() - started

    Template.render = render  # type: ignore[method-assign,assignment]


def signed_in(user: "User", school_id: int) -> "Client":
    """A test client signed in as `user`, with `school_id` as the active school."""
    from django.test import Client

    from onderstroom.schools.middleware import ACTIVE_SCHOOL_KEY

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    session = client.session
    session[ACTIVE_SCHOOL_KEY] = school_id
    session.save()
    return client


def time_page(pairs: "list[tuple[User, int, str]]", requests: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for user, school_id, _url in pairs:
        if (user.pk, school_id) not in clients:
            clients[(user.pk, school_id)] = signed_in(user, school_id)
    timed = [pairs[index % len(pairs)] for index in range(requests)]
    queries = []
    for user, school_id, url in {(u.pk, s, url): (u, s, url) for u, s, url in timed}.values():
        clients[(user.pk, school_id)].get(url)  # once before timing: sessions, caches, stored references
        # Counted apart from the timing: capturing turns on Django's debug cursor, which spells out
        # every statement with its parameters (a bulk insert of audit rows costs milliseconds more).
        with CaptureQueriesContext(connection) as captured:
            clients[(user.pk, school_id)].get(url)
        queries.append(len(captured.captured_queries))
    durations, cpu, undrawn, empty = [], [], [], []
    for index in range(requests):
        user, school_id, url = pairs[index % len(pairs)]
        client = clients[(user.pk, school_id)]
        drawn = _drawing["cpu"]
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        durations.append(elapsed * 1000)
        cpu.append(elapsed_cpu * 1000)
        undrawn.append((elapsed_cpu - (_drawing["cpu"] - drawn)) * 1000)
        # The yardstick right beside it, by the same user: the machine's speed drifts over minutes.
        started_cpu = time.process_time()
        if client.get(EMPTY_PAGE).status_code != 200:
            raise RuntimeError(f"{EMPTY_PAGE} answered for {url}")
        empty.append((time.process_time() - started_cpu) * 1000)
    return {
        "p50": statistics.median(durations),
        "p95": percentile(durations, 0.95),
        "cpu": statistics.median(cpu),
        "cpu_undrawn": statistics.median(undrawn),
        "cpu_empty": statistics.median(empty),
        "queries": max(queries),
        "requests": len(durations),
    }


def worker(args: argparse.Namespace) -> None:
    set_up_django()
    count_drawing()
    from django.db.models import Count

    from onderstroom.demo.benchmark import count_rows
    from onderstroom.schools.access import current_school_year
    from onderstroom.schools.models import Enrollment
    from onderstroom.tenancy import all_schools

    started = time.perf_counter()
    board, responses = build(args)
    setup_seconds = time.perf_counter() - started
    with all_schools():
        school_year = current_school_year(board.schools.order_by("pk")[0])
        assert school_year is not None  # the benchmark board has this year's groups
        counts = count_rows(board, school_year.name)
        sizes = [
            row["n"]
            for row in Enrollment.objects.filter(school__board=board, school_year__name=school_year.name)
            .values("school")
            .annotate(n=Count("pk"))
        ]
    wanted = [w.strip() for w in args.pages.split(",") if w.strip()]
    pages = {
        name: time_page(pairs, args.requests)
        for name, pairs in targets(board).items()
        if pairs and (name == "empty page" or not wanted or any(name.startswith(w) for w in wanted))
    }
    if os.environ.get("BENCH_PROFILE"):  # a page's name: where its time goes, to stderr
        import cProfile
        import pstats

        pairs = targets(board)[os.environ["BENCH_PROFILE"]]
        profile = cProfile.Profile()
        profile.runcall(time_page, pairs, args.requests)
        order = os.environ.get("BENCH_SORT", "cumulative")  # or tottime
        pstats.Stats(profile, stream=sys.stderr).sort_stats(order).print_stats(60)
    print(
        json.dumps(
            {
                "counts": counts,
                "responses": responses,
                "setup_seconds": setup_seconds,
                "largest": max(sizes),
                "smallest": min(sizes),
                "pages": pages,
            }
        )
    )


if __name__ == "__main__":
    main()
