"""Every audit code the product writes has a readable label, and the audit page shows no raw code.

The codes are read from the source: every call of a writer (`log.record`, `record_reads`,
`record_many`, and any function that passes its own parameter on to one of them, such as
`read_child(actor, uuid, action=...)`) is followed back to the literal codes it can write.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from onderstroom.audit import log
from onderstroom.audit.labels import action_label, action_labels
from onderstroom.schools.access import StaffActor, build_staff_actor
from onderstroom.testing.world import Persona, World

PACKAGE = Path(__file__).resolve().parents[2]
WRITER_MODULE = PACKAGE / "audit" / "log.py"
# The writers of audit/log.py, with where the action code goes (position, keyword).
BASE_WRITERS = {
    "record": (1, "action"),
    "record_reads": (1, "action"),
    "record_many": (1, "action"),
    "record_reads_on_change": (2, "action"),
}


def product_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts and path.parent.name != "testing"
    ]


@dataclass
class Module:
    path: Path
    tree: ast.Module
    constants: dict[str, ast.expr] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Module":
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = cls(path, tree)
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        module.constants[target.id] = node.value
        return module


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _enclosing_function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.FunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    found = next((k.value for k in call.keywords if k.arg == keyword), None)
    if found is None and len(call.args) > position and not isinstance(call.args[position], ast.Starred):
        found = call.args[position]
    return found


@dataclass
class Scan:
    """The codes found, where a code could not be told, and the writers met on the way."""

    codes: dict[str, str] = field(default_factory=dict)  # code → where it is written
    unknown: list[str] = field(default_factory=list)
    writers: dict[str, tuple[int, str, ast.expr | None]] = field(default_factory=dict)


def _codes(expr: ast.expr, module: Module, function: ast.FunctionDef | None, scan: Scan) -> Iterator[str]:
    """The literal codes `expr` can be; a parameter makes its function a writer and yields nothing."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        yield expr.value
    elif isinstance(expr, ast.IfExp):
        yield from _codes(expr.body, module, function, scan)
        yield from _codes(expr.orelse, module, function, scan)
    elif isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
        table = module.constants.get(expr.value.id)
        if not isinstance(table, ast.Dict):
            raise LookupError
        for value in table.values:
            yield from _codes(value, module, function, scan)
    elif isinstance(expr, ast.Name) and function is not None and expr.id in _parameters(function):
        names = _parameters(function)
        default = _default(function, expr.id)
        scan.writers.setdefault(function.name, (names.index(expr.id), expr.id, default))
        if default is not None:
            yield from _codes(default, module, None, scan)
    elif isinstance(expr, ast.Name) and function is not None and (local := _assigned(function, expr.id)):
        for value in local:
            yield from _codes(value, module, function, scan)
    elif isinstance(expr, ast.Name) and expr.id in module.constants:
        yield from _codes(module.constants[expr.id], module, None, scan)
    else:
        raise LookupError


def _assigned(function: ast.FunctionDef, name: str) -> list[ast.expr]:
    """What the function assigns to a local variable of this name."""
    return [
        node.value
        for node in ast.walk(function)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    ]


def _parameters(function: ast.FunctionDef) -> list[str]:
    return [a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]]


def _default(function: ast.FunctionDef, name: str) -> ast.expr | None:
    arguments = function.args
    positional = [a.arg for a in [*arguments.posonlyargs, *arguments.args]]
    defaults: dict[str, ast.expr] = {}
    if arguments.defaults:
        defaults |= dict(zip(positional[-len(arguments.defaults) :], arguments.defaults, strict=True))
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        if default is not None:
            defaults[argument.arg] = default
    return defaults.get(name)


def scan_codes() -> Scan:
    """Every audit code the product code can write, following writers until no new one turns up."""
    modules = [Module.load(path) for path in product_files() if path != WRITER_MODULE]
    scan = Scan(
        writers={name: (position, keyword, None) for name, (position, keyword) in BASE_WRITERS.items()}
    )
    seen_writers: set[str] = set()
    while set(scan.writers) - seen_writers:
        seen_writers = set(scan.writers)
        scan.codes.clear()
        scan.unknown.clear()
        for module in modules:
            parents = _parents(module.tree)
            for node in ast.walk(module.tree):
                if not isinstance(node, ast.Call) or _call_name(node) not in scan.writers:
                    continue
                position, keyword, _default_code = scan.writers[_call_name(node)]  # type: ignore[index]
                expr = _argument(node, position, keyword)
                where = f"{module.path.relative_to(PACKAGE.parent)}:{node.lineno}"
                if expr is None:
                    continue  # the writer's default is the code, counted where the writer is defined
                try:
                    for code in _codes(expr, module, _enclosing_function(node, parents), scan):
                        scan.codes.setdefault(code, where)
                except LookupError:
                    scan.unknown.append(f"{where}: {ast.unparse(expr)}")
    return scan


SCAN = scan_codes()


def test_the_scan_finds_the_codes_of_every_kind_of_writer() -> None:
    """Literal codes, module constants, both sides of a condition, tables, and codes passed on."""
    for code in (
        "schools.staff.add",  # a literal
        "questionnaires.summary.view",  # a module constant
        "childsessions.child.lock",  # one side of a condition
        "constellations.figure.emotion",  # a table of codes
        "child.view",  # the default of read_child's own parameter
        "sociogram.survey.reopen",  # passed on to a helper that writes it
        "questionnaires.overview.pdf",  # passed on by keyword
        "interactions.share.off",  # a local variable
    ):
        assert code in SCAN.codes, code
    assert {"read_child", "audit_reads", "_set_closed"} <= set(SCAN.writers)


def test_every_code_the_product_writes_can_be_told() -> None:
    """A code built at run time (an f-string, say) could escape the label check: write it out."""
    assert SCAN.unknown == []


def test_every_code_the_product_writes_has_a_label() -> None:
    """A code without a label would show as itself on the school admin's audit page."""
    labels = action_labels()
    missing = sorted(f"{code} ({where})" for code, where in SCAN.codes.items() if code not in labels)
    assert missing == []


def test_every_label_is_of_a_code_the_product_writes() -> None:
    """A label for a code nobody writes is a code that was renamed without its label."""
    assert sorted(set(action_labels()) - set(SCAN.codes)) == []


class TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_audit_page_shows_no_raw_code(world: World, language: str) -> None:
    """Every code the product writes is written once; the page (rows and action filter) names each one."""
    actor: StaffActor = build_staff_actor(world.teacher, "198.51.100.4", None)
    for code in SCAN.codes:
        log.record(actor, code)
    client: Client = world.client_for(Persona.ADMIN)
    client.cookies["onderstroom_language"] = language
    html = client.get(reverse("audit:log")).content.decode()
    with translation.override(language):
        labels = {action_label(code) for code in SCAN.codes}
    parser = TextParser()
    parser.feed(html)
    shown = set(parser.texts)
    assert sorted(code for code in SCAN.codes if code in shown) == []
    assert labels <= shown
