"""How flat the class overview is from 5 to 60 children, and how much of its growth is the audit.

    .venv/bin/python scripts/bench_flat.py [--rounds 80]

Builds the benchmark board of one school (650 children, with the classes of 5 and 60 children of
`bench_questionnaires.py`) in a temporary SQLite file, then requests the two classes' overviews as
their teacher, in alternating rounds, three ways:

- `as built`: one sealed audit row per child shown, in one insert;
- `one row`: what-if, a single audit row for the whole page (`record_many` given no children);
- `no audit`: what-if, no audit row at all.

The two what-ifs are measured, not proposed: the app must write who read which child. Per way it
prints the median CPU time without rendering the templates (as `bench_questionnaires.py` judges the
target "flat from 5 to 60 children (±20 %) apart from rendering the rows"), the growth from 5 to 60
children and the cost per child. A report, not a test.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=80)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="onderstroom-flat-") as folder:
        os.environ["ONDERSTROOM_SQLITE_PATH"] = str(Path(folder) / "flat.sqlite3")
        os.environ.pop("DATABASE_URL", None)
        measure(args.rounds)


def measure(rounds: int) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_questionnaires as bench

    bench.set_up_django()
    bench.count_drawing()
    from django.test import Client

    from onderstroom.audit import log
    from onderstroom.tenancy import all_schools

    board, _responses = bench.build(argparse.Namespace(schools=1, children=650, staff=30))
    with all_schools():
        pages = bench.targets(board)
    sizes = (5, 60)
    clients: dict[int, tuple[Client, str]] = {}
    for size in sizes:
        user, school_id, url = pages[f"class overview {size}"][0]
        clients[size] = (bench.signed_in(user, school_id), url)

    as_built = log.record_many

    def one_row(actor: Any, action: str, *, children: Any, **rest: Any) -> None:
        as_built(actor, action, children=[None], **rest)

    def no_audit(*_args: Any, **_rest: Any) -> None:
        return None

    ways = {"as built": as_built, "one row": one_row, "no audit": no_audit}
    cpu: dict[tuple[str, int], list[float]] = {(way, size): [] for way in ways for size in sizes}
    for _round in range(rounds):
        for way, record_many in ways.items():
            log.record_many = record_many
            for size in sizes:
                client, url = clients[size]
                drawn, started = bench._drawing["cpu"], time.process_time()
                if client.get(url).status_code != 200:
                    raise RuntimeError(f"{url} did not answer 200")
                spent = time.process_time() - started - (bench._drawing["cpu"] - drawn)
                cpu[(way, size)].append(spent * 1000)
    log.record_many = as_built

    skip = min(5, rounds // 4)  # the first rounds warm the caches
    print(f"class overview, CPU ms without rendering, median of {rounds - skip} rounds (SQLite)")
    print(f"{'audit':<10} {'5':>7} {'60':>7} {'growth':>7} {'per child':>10}  target ±20 %")
    for way in ways:
        small, large = (statistics.median(cpu[(way, size)][skip:]) for size in sizes)
        growth = large / small - 1
        per_child = (large - small) / (sizes[1] - sizes[0]) * 1000
        verdict = "met" if abs(growth) <= 0.20 else "NOT met"
        print(f"{way:<10} {small:7.2f} {large:7.2f} {growth:+7.0%} {per_child:8.1f} µs  {verdict}")


if __name__ == "__main__":
    main()
