"""The stages, declared once, in the order they run.

Each stage is a module (or package) `pipeline.stages.<name>` with one public entry point `run`.
They meet only through the files of the outputs folder: what a stage reads and writes below is
the hand-over it depends on, so `make` can skip a stage whose inputs are unchanged.

This list is read by:
- `pipeline.cli`: one command per stage (`python -m pipeline extract`, …) and `pipeline run`;
- `tools/make_deps.py`: the code each stage runs, for the Makefile (`STAGE_CODE_<name>`);
- the tests' fixtures (`tests/conftest.py`), which run the stages the report needs.

Standard library only: `tools/make_deps.py` reads it with the system Python before `.venv` exists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """One stage: its command, what it reads and writes, and its command-line options."""

    name: str  # the command, the module pipeline.stages.<name>, make's STAGE_CODE_<name>
    summary: str  # the first line of its --help
    reads: tuple[str, ...]  # "inputs" or files/folders of the outputs folder
    writes: tuple[str, ...]  # files/folders of the outputs folder
    # Extra options of its command: "workers" (extract's process pool), "strict" (exit 1 when
    # the stage's summary counts any fel), "progress" (a progress bar on a terminal).
    options: tuple[str, ...] = ()
    # Run by `pipeline run` and `make report` on every run; `changes` runs only when a previous
    # run is given (`--since`, `PREVIOUS=`), so it has its own command.
    in_run: bool = True
    details: str = ""  # more --help text, after the summary
    example: str = ""  # an example command line for --help

    @property
    def module(self) -> str:
        return f"{__name__}.{self.name}"


STAGES: tuple[Stage, ...] = (
    Stage(
        "extract",
        "Read every workbook into tidy CSVs with file, sheet and cell of each value.",
        reads=("inputs",),
        writes=("1_extracted/",),
        options=("workers", "progress"),
    ),
    Stage(
        "validate",
        "Check the extracted data against the rules; write outputs/findings.csv.",
        reads=("1_extracted/",),
        writes=("2_validated/", "findings.csv"),
        options=("strict",),
        details="By default a project with an error is set aside and the rest goes on; with "
        "--strict the command exits 1 when any error exists.",
        example="python -m pipeline validate --strict",
    ),
    Stage(
        "aggregate",
        "Aggregate costs, financing and outcomes; reconcile totals to the krona.",
        reads=("2_validated/",),
        writes=("3_aggregated/",),
    ),
    Stage(
        "review",
        "Write datapackage.json and manifest.json (every file with its SHA-256).",
        reads=("inputs", "1_extracted/", "2_validated/", "3_aggregated/"),
        writes=("datapackage.json", "manifest.json"),
    ),
    Stage(
        "workbook",
        "Write outputs/review.xlsx: every CSV as a sheet, Swedish column titles.",
        reads=("2_validated/", "3_aggregated/"),
        writes=("review.xlsx",),
    ),
    Stage(
        "changes",
        "Compare with a previous run: write outputs/changes.csv and changes.md.",
        reads=("manifest.json", "2_validated/", "3_aggregated/"),
        writes=("changes.csv", "changes.md", "changes_page.json"),
        in_run=False,
    ),
    Stage(
        "render",
        "Render outputs/report.pdf from the aggregated CSVs and templates/.",
        reads=("inputs", "2_validated/", "3_aggregated/", "manifest.json", "changes_page.json"),
        writes=("report.pdf",),
        options=("progress",),
    ),
    Stage(
        "underlag",
        "Write outputs/underlag.pdf, the reviewers' edition: files, checks, findings, sources.",
        reads=("inputs", "2_validated/", "3_aggregated/", "manifest.json", "changes_page.json"),
        writes=("underlag.pdf",),
        details="The files read with their SHA-256, every rule with its severity and count, the "
        "reports not accepted, and each table and chart of report.pdf mapped to its file.",
    ),
    Stage(
        "html",
        "Write outputs/html/, the web edition of the report (same figures as the PDF).",
        reads=(
            "inputs",
            "2_validated/",
            "3_aggregated/",
            "manifest.json",
            "changes_page.json",
            "review.xlsx",
        ),
        writes=("html/",),
    ),
)


def stage(name: str) -> Stage:
    """The declared stage `name` (KeyError for an unknown one)."""
    for declared in STAGES:
        if declared.name == name:
            return declared
    raise KeyError(name)


def stages_before(name: str) -> tuple[Stage, ...]:
    """The stages of every run that come before `name` (what must have run for it to run)."""
    names = [declared.name for declared in STAGES]
    return tuple(s for s in STAGES[: names.index(name)] if s.in_run)
