"""Rewrite every generated file from its source: `make generated` (python -m tools.regenerate).

- docs/figures.md: every aggregated figure, from pipeline/aggregated_tables (column_docs/figures_page.py);
- docs/input-format.md: the rule table, from the rules' declarations (pipeline/rules/docs.py);
- docs/report-text.md: the names of the live figures, from the catalog (stages/render/figures.py);
- tests/fixtures/tiny/golden*/: the golden CSVs, from what aggregate makes today (tests/goldens.py).

`--check` writes nothing and exits 1 listing the stale files. tests/test_generated.py checks the
documentation on every test run, and the golden tests of tests/test_aggregate.py the CSVs; both name
this command. Review `git diff` after running it: a changed golden CSV is a changed figure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "make generated"


def _between(path: Path, begin: str, end: str, body: str) -> str:
    """The page with the text between its markers replaced by `body`."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + begin + body + end + tail


def generated_docs() -> dict[Path, str]:
    """Every generated page (path → its text as the code makes it today)."""
    from pipeline.column_docs.figures_page import figures_markdown
    from pipeline.rules import docs as rule_docs
    from pipeline.stages.render import figures as live_figures

    docs = ROOT / "docs"
    return {
        docs / "figures.md": figures_markdown(),
        docs / "input-format.md": _between(
            docs / "input-format.md",
            rule_docs.BEGIN + "\n",
            rule_docs.END,
            rule_docs.rules_markdown() + "\n",  # as `python -m pipeline.rules` prints it
        ),
        docs / "report-text.md": _between(
            docs / "report-text.md",
            live_figures.BEGIN,
            live_figures.END,
            live_figures.reference_markdown(),
        ),
    }


def stale(files: dict[Path, str | bytes]) -> list[Path]:
    def current(path: Path, wanted: str | bytes) -> str | bytes | None:
        if not path.is_file():
            return None
        return path.read_text(encoding="utf-8") if isinstance(wanted, str) else path.read_bytes()

    return [path for path, wanted in files.items() if current(path, wanted) != wanted]


def _goldens() -> tuple[dict[Path, bytes], list[Path]]:
    """The golden CSVs, and files in the golden folders that no table makes any more."""
    sys.path.insert(0, str(ROOT))  # tests/ is not installed
    from tests.goldens import golden_files, golden_names

    files = golden_files()
    extra = [p for folder in golden_names() for p in folder.glob("*.csv") if p not in files]
    return files, extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is stale")
    args = parser.parse_args(argv)
    makers: list[Callable[[], dict[Path, str | bytes]]] = [generated_docs]
    files: dict[Path, str | bytes] = {}
    for make in makers:
        files.update(make())
    goldens, extra = _goldens()
    files.update(goldens)
    outdated = stale(files)
    for path in [*outdated, *extra]:
        print(("stale: " if args.check else "rewritten: ") + str(path.relative_to(ROOT)))
    if args.check:
        return 1 if outdated or extra else 0
    for path in outdated:
        path.parent.mkdir(parents=True, exist_ok=True)
        content = files[path]
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    for path in extra:
        path.unlink()
    print(f"{len(outdated) + len(extra)} of {len(files)} generated files changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
