"""Several app servers: nothing one process keeps in memory may be needed by another.

Rate limits, lockouts, sessions, outbox de-duplication and job state live in the database
(`test_several_servers.py` shows two processes agreeing). This test keeps it so: it finds every
module-level cache and mutable container in the product code, and every use of Django's cache,
and fails on one not listed here with the reason it is safe per process (it only remembers what
can be recomputed from files or immutable rows, the same in every process)."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

# "module:name" -> why a per-process copy is fine.
PER_PROCESS = {
    "onderstroom.audit.log:_shown": "what a polling viewer was last shown; a process without it writes the "
    "read rows again (too many rows, never too few)",
    "onderstroom.audit.seal:_secrets": "the audit keys from settings, the same in every process",
    "onderstroom.accounts.services:_dummy_hash": "a random hash only used to spend time on unknown accounts",
    "onderstroom.childsessions.cards:picture_data_url": "static picture files, read once",
    "onderstroom.demo.builders:password_hash": "the demo's one shared password, hashed once",
    "onderstroom.instruments.models:_definitions": "parsed instrument files, keyed by version and sha256",
    "onderstroom.accounts.oidc:_discovered": "providers' public discovery documents, re-read after a while",
    "onderstroom.constellations.measures:chance_nearest": "a seeded simulation: the same in every process",
    "onderstroom.settings:OIDC_SCHOOLS": "read from the environment at start, the same in every process",
    "onderstroom.questionnaires.group_signals:_code": "a digest of the process's own scoring source files",
    "onderstroom.core.links:_shapes": "URLs reversed from the URLconf with placeholders, keyed by name, "
    "script prefix and URLconf: alike everywhere",
    "onderstroom.instruments.scoring:_formatted": "numbers written per language, alike everywhere",
    "onderstroom.questionnaires.analysis:_scored": "relationships scored, keyed by every input (answers, the "
    "stored reference's generation, names, language): never stale, alike everywhere",
    "onderstroom.questionnaires.references:_built": "stored school references as built, keyed by "
    "the row, its generation and time of computing: a refreshed row is another key",
    "onderstroom.questionnaires.forms:_drawn": "the class overview's filter as drawn, keyed by every value, "
    "choice and label and the language: never stale, alike everywhere",
}
MUTABLE_CALLS = {"dict", "list", "set", "OrderedDict"}
GROWING_CALLS = {"defaultdict", "Counter", "deque"}
CACHE_DECORATORS = {"cache", "lru_cache", "cached"}


def product_modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted((ROOT / "onderstroom").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or parts[:2] == ("onderstroom", "testing"):
            continue
        module = ".".join(p for p in parts if p != "__init__")
        found.append((module, ast.parse(path.read_text(), str(path))))
    return found


def is_mutable(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set):
        return not (value.keys if isinstance(value, ast.Dict) else value.elts)  # an empty one, to be filled
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        # An empty container to be filled as requests come; `list(CONSTANT)` is a constant.
        return name in GROWING_CALLS or (name in MUTABLE_CALLS and not value.args and not value.keywords)
    return False


def decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return (
        target.id
        if isinstance(target, ast.Name)
        else target.attr
        if isinstance(target, ast.Attribute)
        else ""
    )


def per_process_state() -> set[str]:
    state = set()
    for module, tree in product_modules():
        for node in tree.body:
            if isinstance(node, ast.Assign) and is_mutable(node.value):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and is_mutable(node.value)
            ):
                names = [node.target.id]
            elif isinstance(node, ast.FunctionDef) and any(
                decorator_name(d) in CACHE_DECORATORS for d in node.decorator_list
            ):
                names = [node.name]
            else:
                continue
            state.update(f"{module}:{name}" for name in names if name != "__all__")
    return state


def test_no_process_keeps_state_another_needs() -> None:
    unexplained = sorted(per_process_state() - set(PER_PROCESS))
    assert unexplained == [], (
        f"module-level state {unexplained}: keep it in the database (or a shared cache), or explain in "
        "PER_PROCESS why every process may keep its own copy"
    )
    assert sorted(set(PER_PROCESS) - per_process_state()) == [], "PER_PROCESS lists state that is gone"


def test_the_finder_finds_what_it_looks_for() -> None:
    tree = ast.parse(
        "import functools\n_seen = {}\nhits: dict[str, int] = defaultdict(int)\n"
        "@functools.lru_cache\ndef f(): ...\nLABELS = {'a': 1}\n"
    )
    assert [is_mutable(n.value) for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)] == [
        True,
        True,
        False,
    ]
    assert decorator_name(tree.body[3].decorator_list[0]) == "lru_cache"  # type: ignore[attr-defined]


def test_sessions_and_caches_are_shared() -> None:
    """Sessions live in the database; Django's cache (process memory unless configured) is not used,
    so a lockout or limit can never land in it by accident."""
    assert settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.signed_cookies",
    )
    users = [
        module
        for module, tree in product_modules()
        for node in ast.walk(tree)
        if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.cache"))
        or (isinstance(node, ast.Import) and any(a.name.startswith("django.core.cache") for a in node.names))
    ]
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        assert users == [], f"{users} use Django's cache, which is per process here ({backend})"
