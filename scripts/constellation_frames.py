"""How smoothly the constellation board drags: frame times in Chromium with 32 figures on the board.

    .venv/bin/python scripts/constellation_frames.py [--figures 32] [--steps 150] [--runs 3]

Builds a throw-away school in a temporary SQLite file, serves the app on a local port,
opens a class constellation with every figure on the field in Chromium (tablet size,
touch enabled), drags one figure around the field with the mouse at about 60 input
events per second, and measures the time between animation frames during each drag
with requestAnimationFrame, plus long animation frames with a PerformanceObserver.
It prints p50/p95/max per drag. A report, not a test: the issue asks for frames under
33 ms (30 frames per second); timings depend on the machine and its load.
"""

import argparse
import math
import os
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import Page

    from onderstroom.accounts.models import User
    from onderstroom.constellations.models import Constellation

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ONDERSTROOM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TABLET: dict[str, Any] = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}
FRAME_BUDGET_MS = 33.3

START_MEASURING = """() => {
    window.__frames = [];
    window.__longFrames = [];
    window.__measuring = true;
    let last = null;
    const tick = (now) => {
        if (last !== null) window.__frames.push(now - last);
        last = now;
        if (window.__measuring) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    try {
        window.__observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
                const scripts = (entry.scripts || []).map((s) => `${s.invoker} ${Math.round(s.duration)} ms`);
                window.__longFrames.push({ duration: entry.duration, scripts });
            }
        });
        window.__observer.observe({ type: "long-animation-frame" });
    } catch {
        window.__observer = null;
    }
}"""

STOP_MEASURING = """() => {
    window.__measuring = false;
    if (window.__observer) window.__observer.disconnect();
    return { frames: window.__frames, longFrames: window.__longFrames };
}"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--figures", type=int, default=32, help="figures on the board, the teacher's included"
    )
    parser.add_argument("--steps", type=int, default=150, help="pointer moves per drag (about 16 ms apart)")
    parser.add_argument("--runs", type=int, default=3, help="drags to measure")
    return parser.parse_args()


def set_up_django(database: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onderstroom.settings")
    os.environ["ONDERSTROOM_SQLITE_PATH"] = str(database)
    # Playwright's sync API runs an event loop in this thread; the ORM calls around it are synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_board(figures: int) -> "tuple[Constellation, User]":
    """A group of figures-1 children and their teacher, every figure placed on a ring and a centre."""
    from onderstroom.constellations import services
    from onderstroom.constellations.services import Move
    from onderstroom.schools.access import build_staff_actor
    from onderstroom.schools.models import Role
    from onderstroom.testing.world import make_group, make_school, make_staff

    school = make_school(name="Frametest")
    group = make_group(school, "Groep 6", [6], figures - 1)
    user = make_staff(school, [Role.TEACHER], teaches=[group], name="Juf Frame")
    actor = build_staff_actor(user, None, None)
    board = services.create_class_constellation(actor, group, "Onze klas", "round")
    for index, figure in enumerate(board.figures.order_by("order")):
        angle = 2 * math.pi * index / figures
        radius = 0.18 + 0.22 * (index % 2)
        board.refresh_from_db()
        if figure.child_id:
            services.give_turn(actor, board, str(figure.uuid))
        x, y = 0.5 + radius * math.cos(angle), 0.5 + radius * math.sin(angle)
        services.record_event(actor, board, Move(str(figure.uuid), "place", x, y))
    services.start_round_two(actor, board)
    return board, user


def start_server() -> "LiveServerThread":
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("localhost", StaticFilesHandler, connections_override={})
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread


def session_cookie(user: "User") -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def drag_and_measure(page: "Page", figure_id: str, steps: int, run: int) -> dict[str, Any]:
    """One drag of a figure around a circle on the field, measured frame by frame."""
    figure = page.locator(f'g.figure[data-id="{figure_id}"] .fig-body')
    start = figure.bounding_box()
    field = page.locator("svg.board-svg").bounding_box()
    assert start is not None  # the figure and the field are on the page
    assert field is not None
    scale = field["width"] / 1000
    centre = (field["x"] + 500 * scale, field["y"] + 500 * scale)
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.evaluate(START_MEASURING)
    page.mouse.down()
    for step in range(steps):
        angle = 2 * math.pi * (step / steps) + run
        radius = 300 * scale
        page.mouse.move(centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
        page.wait_for_timeout(16)
    page.mouse.up()
    page.wait_for_timeout(200)
    return page.evaluate(STOP_MEASURING)


def report(run: int, result: dict) -> list[float]:
    frames = result["frames"]
    over = sum(1 for f in frames if f > FRAME_BUDGET_MS)
    print(
        f"drag {run + 1}: {len(frames)} frames · p50 {percentile(frames, 0.5):.1f} ms · "
        f"p95 {percentile(frames, 0.95):.1f} ms · max {max(frames):.1f} ms · "
        f"{over} over {FRAME_BUDGET_MS:.0f} ms · long animation frames: {len(result['longFrames'])}"
    )
    # Which scripts ran in the long frames: the board's own work, or the machine being busy.
    for entry in sorted(result["longFrames"], key=lambda e: -e["duration"])[:3]:
        scripts = "; ".join(entry["scripts"]) or "no script: layout, paint or a busy machine"
        print(f"    long frame {entry['duration']:.0f} ms: {scripts}")
    return frames


def summary(frames: list[float]) -> None:
    over = sum(1 for f in frames if f > FRAME_BUDGET_MS) / len(frames)
    print(
        f"all drags: p50 {statistics.median(frames):.1f} ms · p95 {percentile(frames, 0.95):.1f} ms · "
        f"max {max(frames):.1f} ms · {over:.1%} of frames over {FRAME_BUDGET_MS:.0f} ms"
    )


def main() -> None:
    args = parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="onderstroom-frames-") as folder:
        set_up_django(Path(folder) / "frames.sqlite3")
        from onderstroom.constellations.models import Figure
        from onderstroom.tenancy import all_schools

        with all_schools():
            board, user = build_board(args.figures)
            cookie = session_cookie(user)
            dragged = str(board.figures.filter(kind=Figure.Kind.CHILD).order_by("order")[0].uuid)
        server = start_server()
        base = f"http://{server.host}:{server.port}"
        urllib.request.urlopen(base + "/account/login/", timeout=120).read()  # noqa: S310 - our own server
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                context = browser.new_context(base_url=base, locale="nl-NL", **TABLET)
                context.add_cookies([{"name": "onderstroom_session", "value": cookie, "url": base}])
                page = context.new_page()
                page.goto(f"/constellations/{board.uuid}/")
                page.wait_for_function("() => document.querySelectorAll('g.figure.movable').length > 0")
                count = page.locator("g.figure").count()
                print(f"board with {count} figures, {args.runs} drags of {args.steps} pointer moves each")
                frames: list[float] = []
                for run in range(args.runs):
                    frames += report(run, drag_and_measure(page, dragged, args.steps, run))
                summary(frames)
                browser.close()
        finally:
            server.terminate()


if __name__ == "__main__":
    main()
