"""Check that the apps meet only where the architecture says they may (run by `make lint`).

    python scripts/check_boundaries.py          # exit 1 and one line per forbidden import

Three rules, read from the source with `ast` (nothing is imported, so it takes well under a second):

- A feature app imports another feature app only through its `api` module.
- A kernel module imports no feature app at all; features register with the kernel instead.
- Product code (everything under onderstroom/ outside `tests/` and `onderstroom/testing/`) never
  imports `onderstroom.testing`.

docs/ARCHITECTURE.md ("Apps and their boundaries") says which app is which.
"""

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "onderstroom"
KERNEL = frozenset(
    {
        "tenancy",
        "statistics",
        "schools",
        "accounts",
        "audit",
        "core",
        "childsessions",
        "demo",
        "jobs",
        "instruments",
    }
)
FEATURES = frozenset(
    {
        "questionnaires",
        "interactions",
        "bankingtime",
        "reflection",
        "handover",
        "constellations",
        "sociogram",
        "mapping",
        "imports",
        "privacy",
        "climate",
        "actionplan",
    }
)
# The project's wiring: settings and the root URLconf name every app, as they must.
COMPOSITION_ROOTS = frozenset({"settings", "urls", "asgi", "wsgi", "__init__"})
TESTING = "testing"

# Imports allowed across a boundary, each with the reason. Empty: every feature meets the others
# through their api.py.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    module: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.module}: {self.message}"


def _module_name(path: Path, root: Path) -> list[str]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imported(tree: ast.AST, own: list[str], is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, dotted module) for every import, relative ones resolved; `from a import b` gives a.b too,
    since b may be a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = own if is_package else own[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def _is_test_code(parts: tuple[str, ...]) -> bool:
    return "tests" in parts or (len(parts) > 1 and parts[1] == TESTING)


def _check_import(source: tuple[str, ...], module: str) -> str | None:
    """Why importing `module` from the module `source` (dotted parts) breaks a rule, or None."""
    target = module.split(".")
    if target[0] != PACKAGE or len(target) < 2:
        return None
    own_app, app = source[1] if len(source) > 1 else "", target[1]
    if app == TESTING:
        return "product code never imports the test helpers in onderstroom.testing"
    if app == own_app or app not in FEATURES:
        return None
    if own_app in KERNEL:
        return f"the kernel app '{own_app}' imports no feature app; let '{app}' register with it instead"
    if own_app in FEATURES and (len(target) < 3 or target[2] != "api"):
        return f"feature apps meet only through their api: use onderstroom.{app}.api"
    return None


def check(root: Path) -> list[Violation]:
    """Every forbidden import in the product code of the package under `root` (the repository)."""
    found = []
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = tuple(_module_name(path, root))
        if _is_test_code(parts) or (len(parts) == 2 and parts[1] in COMPOSITION_ROOTS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = path.relative_to(root).as_posix()
        for line, module in _imported(tree, list(parts), path.name == "__init__.py"):
            message = _check_import(parts, module)
            if message is None:
                continue
            # `from onderstroom.x import y` is reported once, as the module y when it is one.
            if (relative, module) in ALLOWED or (relative, module.rsplit(".", 1)[0]) in ALLOWED:
                continue
            found.append(Violation(relative, line, module, message))
    return _without_parent_duplicates(found)


def _without_parent_duplicates(found: list[Violation]) -> list[Violation]:
    """`from a.b import c` yields a.b.c; keep one line per import statement and module."""
    seen: set[tuple[str, int]] = set()
    unique = []
    for violation in found:
        if (violation.path, violation.line) in seen:
            continue
        seen.add((violation.path, violation.line))
        unique.append(violation)
    return unique


def unclassified(root: Path) -> list[str]:
    """Apps (packages with an apps.py) that are neither kernel nor feature: their imports go unchecked."""
    apps = {path.parent.name for path in (root / PACKAGE).glob("*/apps.py")}
    return sorted(apps - KERNEL - FEATURES)


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    if missing := unclassified(root):
        print(f"apps neither kernel nor feature (add them to KERNEL or FEATURES): {missing}", file=sys.stderr)
        return 1
    violations = check(root)
    for violation in violations:
        print(violation, file=sys.stderr)
    if violations:
        print(
            f"{len(violations)} import(s) cross an app boundary; see docs/ARCHITECTURE.md, "
            "'Apps and their boundaries'.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
