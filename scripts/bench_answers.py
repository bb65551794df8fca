"""Four classes answering at once on SQLite, under Gunicorn with the README's settings.

    .venv/bin/python scripts/bench_answers.py [--classes 4 --children 30] [--workers 2 --threads 8]
        [--think 2-6] [--items 0] [--keep]
    make bench-answers

The script builds a generated board in a temporary SQLite file (`manage.py generate_board`), plans a
moment for four groups (grades 3 to 8), opens a class session for each with the questionnaire and
signs in 30 children per class (sign-in rows and sessions written directly: the sign-in itself is not
what is measured). Then it starts Gunicorn on a free local port with the settings the README
documents (`--workers 2 --threads 8 --keep-alive 30`, SQLite in WAL mode, persistent connections) and
lets 120 simulated children answer at the same time, each in a thread of its own, as a tablet does:
open the form, then send each answer on its own (`POST .../answers`, the JSON the outbox sends, with
the CSRF token), waiting a "think time" between answers (default 2 to 6 seconds, like a child
reading a question; `--think 0` sends back to back, a stress test far beyond a classroom).

It prints the number of answers, errors (any status but 200, any answer not stored), and p50 / p95 /
max milliseconds per answer as the children's tablets saw them, the answers per second, the server's
CPU milliseconds per request (independent of what else the machine runs) and the load average. Target
(issue 14): 0 errors, p95 <= 300 ms. A report, not a test: times depend on the machine and its load.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--classes", type=int, default=4)
    parser.add_argument("--children", type=int, default=30, help="children per class")
    parser.add_argument("--workers", type=int, default=2, help="Gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per Gunicorn worker")
    parser.add_argument("--keep-alive", type=int, default=30, help="seconds an idle connection stays open")
    parser.add_argument("--think", default="2-6", help="seconds between a child's answers: 0, 3 or 2-6")
    parser.add_argument("--items", type=int, default=0, help="answers per child (0: the whole form)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--setup", help=argparse.SUPPRESS)  # internal: prepare the classes, print JSON
    return parser.parse_args()


def bench_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONDERSTROOM_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "onderstroom.settings",
            "ONDERSTROOM_DATA_DIR": str(data_dir),
            "ONDERSTROOM_DEBUG": "0",
            "ONDERSTROOM_SECRET_KEY": "bench-" + "k" * 60,
            "ONDERSTROOM_ALLOWED_HOSTS": "127.0.0.1",
            "ONDERSTROOM_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


# --- setup, in a child process with Django loaded -----------------------------------------------


def setup(classes: int, per_class: int) -> list[dict[str, str]]:
    """Moments, open class sessions and signed-in children; returns one entry per child."""
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from onderstroom.childsessions.models import ChildSignIn, ClassSession
    from onderstroom.childsessions.signin import CHILD_KEY
    from onderstroom.questionnaires.builders import make_moment, run_questionnaire
    from onderstroom.schools.access import today
    from onderstroom.schools.models import Enrollment, Group
    from onderstroom.tenancy import all_schools

    children: list[dict[str, str]] = []
    with all_schools():
        current = Group.objects.filter(
            school_year__starts_on__lte=today(), school_year__ends_on__gte=today()
        ).annotate(older=Count("enrollments", filter=Q(enrollments__grade__gte=3)))
        groups = list(current.order_by("-older", "pk")[:classes])
        if len(groups) < classes:
            raise SystemExit(f"Only {len(groups)} groups this school year.")
        # Generated groups hold about 26 children: top each class up to `per_class` from other groups.
        spare = list(
            Enrollment.objects.filter(group__in=current, grade__gte=3)
            .exclude(group__in=groups)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for group in groups:
            missing = max(0, per_class - Enrollment.objects.filter(group=group, grade__gte=3).count())
            if missing > len(spare):
                raise SystemExit("Not enough children in grades 3 to 8; generate a larger board.")
            Enrollment.objects.filter(pk__in=spare[:missing]).update(group=group)
            spare = spare[missing:]
        now = timezone.now()
        for number, group in enumerate(groups):
            moment = make_moment(group)
            teacher = moment.teachers.select_related("teacher").first()
            assert teacher is not None
            class_session = ClassSession.objects.create(
                school=group.school,
                group=group,
                opened_by=teacher.teacher,
                code=f"{900000 + number}",
                opened_at=now,
                expires_at=now + timedelta(minutes=settings.CLASS_SESSION_MINUTES),
            )
            run_questionnaire(class_session, moment)
            form = reverse(
                "questionnaires:child_form", kwargs={"moment": moment.uuid, "teacher": teacher.teacher.uuid}
            )
            enrollments = Enrollment.objects.filter(group=group, grade__gte=3).select_related("child")
            for enrollment in enrollments.order_by("pk")[:per_class]:
                ChildSignIn.objects.create(
                    school=group.school, class_session=class_session, child=enrollment.child, signed_in_at=now
                )
                session = SessionStore()
                session[CHILD_KEY] = {"session": str(class_session.uuid), "child": str(enrollment.child.uuid)}
                session.create()
                children.append(
                    {"class": str(number + 1), "session": session.session_key or "", "form": form}
                )
    return children


# --- the children -------------------------------------------------------------------------------


class Child(threading.Thread):
    def __init__(self, base: str, entry: dict[str, str], think: tuple[float, float], items: int) -> None:
        super().__init__(daemon=True)
        self.base, self.entry, self.think, self.items = base, entry, think, items
        self.times: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        import requests

        http = requests.Session()
        http.cookies.set("onderstroom_session", self.entry["session"])
        rng = random.Random(self.entry["session"])
        try:
            page = http.get(self.base + self.entry["form"], timeout=60)
        except requests.RequestException as error:
            self.errors.append(f"form: {error}")
            return
        if page.status_code != 200:
            self.errors.append(f"form: {page.status_code}")
            return
        token = json.loads(re.search(r"hx-headers='([^']*)'", page.text).group(1))["X-CSRFToken"]  # type: ignore[union-attr]
        data = json.loads(re.search(r'id="form-data"[^>]*>(.*?)</script>', page.text, re.S).group(1))  # type: ignore[union-attr]
        endpoint = self.base + data["endpoint"]
        values = [c["value"] for c in data["choices"]]
        items = data["items"][: self.items] if self.items else data["items"]
        time.sleep(rng.uniform(0, max(self.think)))  # the class does not start on one tick
        for item in items:
            client_id = str(uuid.uuid4())
            body = {
                "answers": [
                    {
                        "client_id": client_id,
                        "item": item["key"],
                        "value": rng.choice(values),
                        "answered_at": int(time.time() * 1000),
                    }
                ]
            }
            start = time.perf_counter()
            try:
                reply = http.post(
                    endpoint,
                    json=body,
                    headers={"X-CSRFToken": token, "Referer": self.base + self.entry["form"]},
                    timeout=60,
                )
            except requests.RequestException as error:
                self.errors.append(str(error))
                continue
            self.times.append((time.perf_counter() - start) * 1000)
            if reply.status_code != 200 or client_id not in reply.json().get("stored", []):
                self.errors.append(f"{reply.status_code} {reply.text[:120]}")
            time.sleep(rng.uniform(*self.think))


def server_cpu_seconds(master: int) -> float:
    """User + system CPU time of the Gunicorn master and its workers so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == master or int(fields[1]) == master:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit(f"Gunicorn did not answer at {url}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    args = parse_args()
    if args.setup:
        Path(args.setup).write_text(json.dumps(setup(args.classes, args.children)))
        return
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))
    folder = Path(tempfile.mkdtemp(prefix="onderstroom-bench-answers-"))
    env = bench_env(folder)
    print(f"Building a board in {folder} ...", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    students = max(600, args.classes * args.children * 4)
    manage(env, "generate_board", "--schools", "1", "--children", str(students), "--staff", "40")
    entries_file = folder / "children.json"
    subprocess.run(
        [sys.executable, __file__, "--setup", str(entries_file), "--classes", str(args.classes),
         "--children", str(args.children)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    entries = json.loads(entries_file.read_text())
    port = free_port()
    command = [
        str(BIN / "gunicorn"), "onderstroom.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers), "--threads", str(args.threads), "--keep-alive", str(args.keep_alive),
        "--log-level", "warning",
    ]  # fmt: skip
    print("Starting:", " ".join(command[1:]), flush=True)
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz")
        children = [Child(base, entry, think, args.items) for entry in entries]
        cpu_before = server_cpu_seconds(server.pid)
        started = time.perf_counter()
        for child in children:
            child.start()
        for child in children:
            child.join()
        elapsed = time.perf_counter() - started
        cpu = server_cpu_seconds(server.pid) - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    times = [t for child in children for t in child.times]
    errors = [e for child in children for e in child.errors]
    report: dict[str, Any] = {
        "children": len(children),
        "answers": len(times),
        "errors": len(errors),
        "p50_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(percentile(times, 0.95), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
        "answers_per_second": round(len(times) / elapsed, 1),
        # The server's CPU time per request (the form pages included), whatever else the machine runs.
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, len(times) + len(children)), 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "gunicorn": f"--workers {args.workers} --threads {args.threads} --keep-alive {args.keep_alive}",
        "think_seconds": args.think,
        "cpus": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))
    for error in sorted(set(errors))[:10]:
        print("error:", error)
    target = "met" if not errors and report["p95_ms"] is not None and report["p95_ms"] <= 300 else "NOT met"
    print(f"Target (0 errors, p95 <= 300 ms): {target}")
    if not args.keep:
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    sys.exit(0 if target == "met" else 1)


if __name__ == "__main__":
    main()
