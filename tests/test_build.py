"""The build around the code: make's derived stage dependencies, the wheel's contents, the import surface."""

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def _load_make_deps():
    spec = importlib.util.spec_from_file_location("make_deps", REPO_ROOT / "tools" / "make_deps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_deps = _load_make_deps()


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# A tiny pipeline package: relative and absolute imports, a lazy import, a package-form stage,
# an attribute imported from a package, and a module no stage imports.
TINY = {
    "pipeline/__init__.py": "",
    "pipeline/__main__.py": "from .cli import main\n",
    "pipeline/cli.py": (
        "import click\nfrom .errors import E\n\ndef extract():\n    from .stages import extract\n"
    ),
    "pipeline/errors.py": "class E(Exception): pass\n",
    "pipeline/paths.py": "",
    "pipeline/parsing.py": "from pipeline.errors import E\n",
    "pipeline/unused.py": "",
    "pipeline/rules/__init__.py": "from .base import Rule\n",
    "pipeline/rules/base.py": "Rule = object\n",
    "pipeline/rules/rules.toml": "",
    "pipeline/stages/__init__.py": "",
    "pipeline/stages/extract/__init__.py": "from . import workbook\nfrom ...rules import Rule\n",
    "pipeline/stages/extract/workbook.py": (
        "import pipeline.parsing\n\ndef f():\n    from ..validate import g\n"
    ),
    "pipeline/stages/validate.py": (
        "from .. import paths\nimport importlib\nimportlib.import_module('pipeline.unused')\n"
    ),
}


def test_a_stage_depends_on_every_module_it_imports_transitively_and_on_the_cli(tmp_path):
    root = _tree(tmp_path, TINY)
    assert make_deps.stage_modules("extract", root) == [
        "pipeline/__init__.py",
        "pipeline/__main__.py",
        "pipeline/cli.py",
        "pipeline/errors.py",
        "pipeline/parsing.py",
        "pipeline/paths.py",  # via the lazy import of validate inside workbook.f
        "pipeline/rules/__init__.py",
        "pipeline/rules/base.py",
        "pipeline/stages/__init__.py",
        "pipeline/stages/extract/__init__.py",
        "pipeline/stages/extract/workbook.py",
        "pipeline/stages/validate.py",
        "pipeline/unused.py",  # validate imports it with a literal import_module
    ]


def test_the_cli_counts_only_with_its_module_level_imports(tmp_path):
    root = _tree(tmp_path, TINY)
    validate = make_deps.stage_modules("validate", root)
    # cli.extract() imports the extract stage lazily: that must not make validate depend on it.
    assert not any(path.startswith("pipeline/stages/extract/") for path in validate)
    assert "pipeline/cli.py" in validate and "pipeline/errors.py" in validate


def test_a_stage_depends_on_the_data_files_of_the_packages_it_imports(tmp_path):
    root = _tree(tmp_path, {**TINY, "pipeline/sample/sample.toml": "", "pipeline/sample/__init__.py": ""})
    code = make_deps.stage_code("extract", root)
    assert set(code) - set(make_deps.stage_modules("extract", root)) == {"pipeline/rules/rules.toml"}
    # The wording of the real rules reruns every stage that imports pipeline.rules.
    assert "pipeline/rules/rules.toml" in make_deps.stage_code("extract")
    assert "pipeline/rules/rules.toml" in make_deps.stage_code("validate")
    # The aggregated tables' declarations rerun the stage that computes them (and every stage that
    # reads the catalog).
    assert "pipeline/aggregated_tables/tables.toml" in make_deps.stage_code("aggregate")
    # make remakes the fragment when such a file is added or removed: its code listing finds them.
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"-name '{make_deps.DATA_FILES}'" in makefile


def test_a_package_wins_over_a_module_of_the_same_name_as_in_python(tmp_path):
    root = _tree(tmp_path, {**TINY, "pipeline/stages/extract.py": "import pipeline.unused\n"})
    assert make_deps.module_file("pipeline.stages.extract", root).as_posix().endswith("extract/__init__.py")


@pytest.mark.parametrize(
    "module, is_init, level, target, expected",
    [
        ("pipeline.stages.extract", True, 1, "workbook", "pipeline.stages.extract.workbook"),
        ("pipeline.stages.extract.workbook", False, 2, "validate", "pipeline.stages.validate"),
        ("pipeline.stages.validate", False, 2, None, "pipeline"),
        ("pipeline.catalog", False, 0, "pipeline.paths", "pipeline.paths"),
    ],
)
def test_relative_imports_resolve_like_python(module, is_init, level, target, expected):
    path = Path("__init__.py" if is_init else "module.py")
    assert make_deps._absolute(module, path, level, target) == expected


def test_the_real_stages_all_resolve_and_share_the_cli():
    fragment = make_deps.fragment()
    for stage in make_deps.STAGES:
        assert f"STAGE_CODE_{stage} := " in fragment
        assert "pipeline/cli.py" in make_deps.stage_modules(stage)


def test_pyproject_lists_every_package_directory_of_the_tree():
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {
        ".".join(path.relative_to(REPO_ROOT).parts)
        for path in (REPO_ROOT / "pipeline").rglob("*")
        if path.is_dir() and path.name != "__pycache__" and any(path.glob("*.py"))
    } | {"pipeline"}
    listed = set(config["packages"])
    assert listed - {"pipeline.templates"} == found
    # The top-level templates/ folder ships, whole, as pipeline/templates/ in the wheel.
    assert config["package-dir"] == {"pipeline.templates": "templates"}
    assert config["package-data"]["pipeline.templates"] == ["*"]
    # Every data file inside pipeline/ ships with its package (rules.toml, the sample's templates).
    data_files = {
        (".".join(path.parent.relative_to(REPO_ROOT).parts), path.name)
        for path in (REPO_ROOT / "pipeline").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    shipped = {(package, name) for package, names in config["package-data"].items() for name in names}
    assert data_files == shipped - {("pipeline.templates", "*")}
    assert not any(path.is_dir() for path in (REPO_ROOT / "templates").iterdir())


def test_the_notebook_door_imports_neither_click_nor_weasyprint():
    code = (
        "import sys\n"
        "from pipeline import catalog\n"
        "heavy = sorted(m for m in ('click', 'weasyprint', 'jinja2', 'matplotlib') if m in sys.modules)\n"
        "print(','.join(heavy) or 'none')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


def test_make_deps_and_the_cli_take_the_stages_from_their_one_declaration():
    from pipeline.cli import STAGE_COMMANDS
    from pipeline.stages import STAGES

    assert make_deps.STAGES == tuple(stage.name for stage in STAGES)
    assert list(STAGE_COMMANDS) == [stage.name for stage in STAGES if stage.in_run]


def test_the_makefile_runs_each_declared_stage_once_and_no_other():
    from pipeline.stages import STAGES

    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    # Recipes only: a recipe line starts with a tab (comments mention commands too).
    run = re.findall(r"^\t.*-m pipeline ([a-z]+) ", makefile, flags=re.MULTILINE)
    # Not stages: the summary line, the sample generator, the live preview (which serves, not writes).
    assert sorted(set(run) - {"summary", "sample", "preview"}) == sorted(stage.name for stage in STAGES)
    assert all(run.count(stage.name) == 1 for stage in STAGES)
    # Each stage's rule depends on its own code, as tools/make_deps.py derives it.
    for stage in STAGES:
        assert f"$(STAGE_CODE_{stage.name})" in makefile
