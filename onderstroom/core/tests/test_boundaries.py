"""scripts/check_boundaries.py: features meet through their api, the kernel imports no feature, and
product code never imports the test helpers."""

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "check_boundaries.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_boundaries", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


boundaries = load_script()


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """A repository with the given files under onderstroom/ (each app a package)."""
    for name, source in files.items():
        path = tmp_path / "onderstroom" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for package in [path.parent, *path.parent.parents]:
            if package == tmp_path:
                break
            (package / "__init__.py").touch()
        path.write_text(source)
    return tmp_path


def messages(root: Path) -> list[str]:
    return [f"{v.path}: {v.module}" for v in boundaries.check(root)]


def test_the_repository_keeps_its_boundaries() -> None:
    """The real tree passes (make lint runs the same check)."""
    assert [str(v) for v in boundaries.check(ROOT)] == []


def test_a_feature_may_use_another_features_api_and_the_kernel(tmp_path: Path) -> None:
    """Another feature's api (imported either way), the kernel, and the app's own modules are fine."""
    root = tree(
        tmp_path,
        {
            "bankingtime/views.py": "from onderstroom.questionnaires.api import Signal\n"
            "from onderstroom.questionnaires import api\n"
            "from onderstroom.schools.access import StaffActor\n"
            "from onderstroom.bankingtime.models import Plan\n"
            "from . import models\n",
            "questionnaires/api.py": "",
        },
    )
    assert messages(root) == []


FORBIDDEN = [
    ("reflection/views.py", "from onderstroom.bankingtime.scores import x", "bankingtime.scores.x"),
    ("reflection/views.py", "from onderstroom.bankingtime import models", "bankingtime.models"),
    ("reflection/views.py", "import onderstroom.bankingtime.steps", "bankingtime.steps"),
    ("reflection/steps/more.py", "from ...bankingtime.access import y", "bankingtime.access.y"),
    ("core/actions.py", "from onderstroom.questionnaires.api import Signal", "questionnaires.api.Signal"),
    ("audit/labels.py", "from onderstroom.sociogram.models import Method", "sociogram.models.Method"),
    ("demo/extensions.py", "if X:\n    from onderstroom.imports import api", "imports.api"),
    ("sociogram/demo.py", "from onderstroom.testing.world import World", "testing.world.World"),
    ("schools/access.py", "from onderstroom.testing import matrix", "testing.matrix"),
]


@pytest.mark.parametrize(("name", "source", "module"), FORBIDDEN)
def test_a_forbidden_import_fails_with_where_and_why(
    tmp_path: Path, name: str, source: str, module: str
) -> None:
    """Each forbidden import is reported once, with its file, line and module, and a reason."""
    root = tree(tmp_path, {name: source + "\n", "questionnaires/api.py": ""})
    found = boundaries.check(root)
    line = source.count("\n") + 1
    assert [(v.path, v.line, v.module) for v in found] == [
        (f"onderstroom/{name}", line, f"onderstroom.{module}")
    ]
    assert found[0].message


def test_tests_and_the_test_helpers_may_import_anything(tmp_path: Path) -> None:
    """Tests, onderstroom/testing and the root URLconf are not held to the boundaries."""
    root = tree(
        tmp_path,
        {
            "reflection/tests/test_views.py": "from onderstroom.bankingtime.scores import x\n"
            "from onderstroom.testing.world import World\n",
            "testing/world.py": "from onderstroom.sociogram.models import PeerSurvey\n",
            "urls.py": "from onderstroom.sociogram import views\n",
        },
    )
    assert messages(root) == []


def test_the_script_exits_non_zero_and_says_what_to_do(tmp_path: Path) -> None:
    """Run as make lint runs it: a violation gives exit code 1 and a line naming the file and the rule."""
    root = tree(tmp_path, {"interactions/views.py": "from onderstroom.sociogram.results import load\n"})
    (root / "scripts").mkdir()
    (root / "scripts" / "check_boundaries.py").write_text(SCRIPT.read_text())
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "check_boundaries.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "onderstroom/interactions/views.py:1: imports onderstroom.sociogram.results.load" in result.stderr
    assert "use onderstroom.sociogram.api" in result.stderr
    clean = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False)
    assert (clean.returncode, clean.stderr) == (0, "")


def lint_recipe() -> list[str]:
    """The commands of the Makefile's `lint` target, one a line."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("lint:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_make_lint_runs_the_boundary_check_and_the_type_checker() -> None:
    """Both guards fail `make lint` (and so `make test` and CI), not only a hand-run check."""
    recipe = lint_recipe()
    assert "$(BIN)/python scripts/check_boundaries.py" in recipe
    assert "$(BIN)/mypy" in recipe


def test_every_app_is_kernel_or_feature(tmp_path: Path) -> None:
    """An app on neither list would have its imports go unchecked: the script names it."""
    assert boundaries.unclassified(ROOT) == []
    root = tree(tmp_path, {"core/apps.py": "", "garden/apps.py": "", "garden/models.py": ""})
    assert boundaries.unclassified(root) == ["garden"]
