"""Write the makefile fragment that says which pipeline modules each stage runs.

    python3 tools/make_deps.py OUT.mk

`make` reruns a stage when any module it imports changed, or a data file its modules read. The
list is derived, never written by hand: starting from the stage's entry module (`pipeline/stages/<stage>.py` or the package
`pipeline/stages/<stage>/__init__.py`), every `import pipeline...` and `from .x import y` is
followed transitively with `ast`, at module level and inside functions (lazy imports run too).
Importing `pipeline.a.b` runs `pipeline/__init__.py` and `pipeline/a/__init__.py` first, so those
count. Every stage also runs through `python -m pipeline`, so `__main__.py` and `cli.py` count, but
only cli's module-level imports: its commands import the other stages lazily, and a change there
must not rerun every stage. A package's data files (`*.toml` beside its modules, shipped as package
data: pipeline/rules/rules.toml holds every rule's wording) count for every stage that imports a
module of that package, since importing any one runs the package's `__init__.py` first.

A developer tool, not part of the library: it reads the source tree without importing it (so it
works while a module is broken, and before .venv exists) and needs only the standard library.
`importlib.import_module("pipeline.x")` with a literal name is followed; a name built at run time
is not (nothing static can know it).
"""

from __future__ import annotations

import argparse
import ast
import functools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pipeline"


def _declared_stages() -> tuple[str, ...]:
    """The stages' names from their one declaration, `pipeline.stages.STAGES` (standard library only,
    so the system Python reads it before .venv exists)."""
    sys.path.insert(0, str(ROOT))
    try:
        from pipeline.stages import STAGES as declared
    finally:
        sys.path.remove(str(ROOT))
    return tuple(stage.name for stage in declared)


STAGES = _declared_stages()
# What `python -m pipeline <stage>` runs before the stage module.
ENTRY_MODULES = ("pipeline.__main__", "pipeline.cli")
# The data files a package's modules read; the Makefile's code listing finds the same names.
DATA_FILES = "*.toml"


def module_file(name: str, root: Path = ROOT) -> Path | None:
    """The file a module name imports, as Python would find it: a package before a module."""
    base = root.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _absolute(module: str, path: Path, level: int, target: str | None) -> str:
    """The absolute name of a (possibly relative) import found in `module`."""
    if level == 0:
        return target or ""
    package = module if _is_package(path) else module.rpartition(".")[0]
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{target}" if target else base


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement in `body` and in the blocks nested in it (functions, classes, if, try …)."""
    for node in body:
        yield node
        for block in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(node, block, None) or [])


# Cached: every stage's closure meets the same modules, and parsing them is most of the run time.
@functools.cache
def imported_names(module: str, path: Path, module_level_only: bool = False) -> frozenset[str]:
    """Every pipeline module name `module` may import (candidates; non-modules are dropped later)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    if module_level_only:
        nodes = tree.body
    elif "import_module" in source:  # a call can sit in any expression: look at every node
        nodes = ast.walk(tree)
    else:  # import statements only, at any depth (walking every expression node costs 3 ×)
        nodes = _statements(tree.body)
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, path, node.level, node.module)
            names.add(base)
            # `from pkg import x` imports the submodule pkg.x when there is one.
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return frozenset(name for name in names if name == PACKAGE or name.startswith(PACKAGE + "."))


def _with_parents(name: str) -> list[str]:
    """`a.b.c` → `a`, `a.b`, `a.b.c`: importing a module runs each parent package first."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def closure(
    roots: list[str], module_level_only: frozenset[str] = frozenset(), root: Path = ROOT
) -> set[Path]:
    """The files of every pipeline module reachable from `roots` (the roots and their parents too)."""
    seen: set[str] = set()
    files: set[Path] = set()
    pending = [parent for root in roots for parent in _with_parents(root)]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_file(name, root)
        if path is None:  # an attribute (`from .x import function`), or not a module here
            continue
        files.add(path)
        for found in imported_names(name, path, name in module_level_only):
            pending.extend(_with_parents(found))
    return files


def stage_modules(stage: str, root: Path = ROOT) -> list[str]:
    """Paths (relative to `root`) of every module `python -m pipeline <stage>` may run."""
    entry = f"{PACKAGE}.stages.{stage}"
    roots = [entry]
    folder = root.joinpath(*entry.split("."))
    if module_file(entry, root) is None and folder.is_dir():
        # A package without __init__.py yet (mid-rewrite): every module in it may be the stage.
        roots += [f"{entry}.{path.stem}" for path in sorted(folder.glob("*.py"))]
    elif module_file(entry, root) is None:
        print(f"make_deps: no module {entry} (neither {entry}.py nor a package)", file=sys.stderr)
    files = closure([*ENTRY_MODULES, *roots], frozenset(ENTRY_MODULES), root)
    return sorted(path.relative_to(root).as_posix() for path in files)


def stage_code(stage: str, root: Path = ROOT) -> list[str]:
    """The stage's modules and the data files of their packages (relative to `root`)."""
    modules = stage_modules(stage, root)
    packages = {(root / module).parent for module in modules}
    data = {path.relative_to(root).as_posix() for folder in packages for path in folder.glob(DATA_FILES)}
    return sorted({*modules, *data})


def fragment() -> str:
    lines = [
        "# Generated by tools/make_deps.py from the imports in pipeline/; do not edit.",
        "# STAGE_CODE_<stage>: every module `python -m pipeline <stage>` may import, and the data",
        "# files of their packages.",
    ]
    for stage in STAGES:
        modules = " \\\n\t".join(stage_code(stage))
        lines.append(f"STAGE_CODE_{stage} := \\\n\t{modules}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Write the makefile fragment STAGE_CODE_<stage>.")
    parser.add_argument("out", type=Path, help="the fragment to write, e.g. .make/deps.mk")
    out = parser.parse_args(argv[1:]).out
    out.parent.mkdir(parents=True, exist_ok=True)
    # Atomically: make includes this file on every run. Always rewritten, even unchanged, so that
    # it is newer than the code listing it was made from and make does not remake it again.
    # The partial file is this process's own: two makes at once may both remake the fragment.
    partial = out.with_name(f"{out.name}.{os.getpid()}.new")
    try:
        partial.write_text(fragment(), encoding="utf-8")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)  # left only when writing failed or was interrupted
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
