"""A realistic, seeded sample programme (`python -m pipeline sample --projects N --out DIR`).

Every figure is drawn from one `random.Random(seed)` in the main process, in a fixed order, so the
same seed gives the same programme (and the same bytes); no wall-clock anywhere. The narratives
come last, each from a generator of its own seeded from (seed, project id), see `narratives`:
their wording never moves a figure. The drawn projects are plain data (`ProjectSpec`), written to
workbooks by a pure function, in a process pool when there are many.

The 40-project set follows the real programme: every county, more projects in the large regions,
owners that held regional development responsibility in that county that year (domain.md),
whole-krona amounts where costs equal financing, grants summing exactly to the frame. A few
projects carry realistic deviations the checks report as warnings, and a few carry input variety
that must parse cleanly (see `deviations`).

The modules, in the order a programme is made:
  config_file.py  the frame and programme.toml (from the packaged template programme.toml)
  counties.py     projects per county, owners and their organisation numbers
  finances.py     grants, costs by category, financing by source (apportion.py: exact splits)
  periods.py      funding rounds: decision, start and end dates
  projects.py     `ProjectSpec` and the draws for one project
  deviations.py   planted warnings and input variety
  meetings.py     the programme's meetings and their workbook
  narratives.py   the Swedish texts, from phrases.py and focuses*.py (plain data)
  workbooks.py    writing a project's workbook; register_file.py the decision register;
                  payments_file.py the agency's payments file
This module draws the whole programme and writes it (`generate_programme`).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import PipelineError
from ..paths import CONFIG_NAME, MEETINGS_NAME, PAYMENTS_NAME, PROJECTS_DIRNAME, REGISTER_NAME, TEXT_DIRNAME
from .config_file import frame_amount_for, programme_toml
from .counties import allocate_counties
from .deviations import DEVIATIONS, VARIETY, assign_features
from .finances import INCOME_LABEL, allocate_grants
from .meetings import draw_meetings, write_meetings
from .narratives import write_narratives
from .payments_file import PAYMENT_DEVIATIONS, draw_payments, write_payments
from .periods import allocate_start_years, draw_periods
from .projects import ProjectSpec, draw_project, narrative_facts
from .register_file import write_register
from .workbooks import write_project_workbook

# Imported by the CLI and the tests from `pipeline.sample`; `write_narratives` and `POOL_THRESHOLD`
# are looked up here, so a test may replace them on this module.
__all__ = [
    "DEVIATIONS",
    "INCOME_LABEL",
    "PAYMENT_DEVIATIONS",
    "POOL_THRESHOLD",
    "VARIETY",
    "ProjectSpec",
    "draw_meetings",
    "draw_payments",
    "draw_programme",
    "frame_amount_for",
    "generate_programme",
    "programme_toml",
    "write_meetings",
    "write_narratives",
    "write_project_workbook",
    "write_register",
]

# Files the generator writes; a folder holding only these may be regenerated in place.
GENERATED_TOP_LEVEL = frozenset(
    {CONFIG_NAME, REGISTER_NAME, MEETINGS_NAME, PAYMENTS_NAME, PROJECTS_DIRNAME, "README.md", TEXT_DIRNAME}
)  # text/: the analyst's chapter texts, which the generator leaves as they are
PROJECT_FILE_PATTERN = re.compile(r"\d{2}_\d{4}-\d{6}\.xlsx")
# Above this many projects the workbooks are written by a process pool.
POOL_THRESHOLD = 200


def draw_programme(projects: int, seed: int) -> tuple[list[ProjectSpec], list[dict]]:
    """All projects and meetings of a programme: the figures drawn from one seeded generator, then
    the narratives (see `narratives`)."""
    rng = random.Random(seed)
    counties = allocate_counties(projects, rng)
    grants = allocate_grants(projects, frame_amount_for(projects), rng)
    used_ids: set = set()
    # Case numbers look like Tillväxtverket's (mostly four digits); a huge programme needs more room.
    case_number_max = min(999_999, max(9_999, 10 * projects))
    periods = draw_periods(allocate_start_years(grants), rng)
    specs = [
        draw_project(code, grant, period, used_ids, case_number_max, rng)
        for code, grant, period in zip(counties, grants, periods, strict=False)
    ]
    assign_features(specs, rng)
    meetings = draw_meetings(rng)
    specs.sort(key=lambda s: (s.county_code, s.decision_date, s.project_id))
    # Last, from generators of their own: the wording never moves a figure.
    narratives = write_narratives([narrative_facts(s) for s in specs], seed)
    for spec, narrative in zip(specs, narratives, strict=True):
        spec.narrative = narrative
    return specs, meetings


# --- The command ---------------------------------------------------------------------------------


def _check_out_dir(out: Path) -> None:
    """Refuse a non-empty folder unless it holds only what this generator writes."""
    if out.exists() and not out.is_dir():
        raise PipelineError(f"{out}: finns redan och är inte en mapp. Välj en ny mapp med --out.")
    if not out.exists():
        return
    foreign = [p.name for p in out.iterdir() if p.name not in GENERATED_TOP_LEVEL]
    projects_dir = out / PROJECTS_DIRNAME
    if projects_dir.exists():
        if not projects_dir.is_dir():
            foreign.append(PROJECTS_DIRNAME)
        else:
            foreign += [
                f"{PROJECTS_DIRNAME}/{p.name}"
                for p in projects_dir.iterdir()
                if not (p.is_file() and PROJECT_FILE_PATTERN.fullmatch(p.name))
            ]
    for name in (CONFIG_NAME, REGISTER_NAME, MEETINGS_NAME, PAYMENTS_NAME, "README.md"):
        if (out / name).exists() and not (out / name).is_file():
            foreign.append(name)
    if foreign:
        shown = ", ".join(sorted(foreign)[:5])
        raise PipelineError(
            f"{out}: mappen innehåller filer som generatorn inte har skrivit ({shown}). "
            "Välj en tom eller ny mapp med --out, eller flytta filerna."
        )


def _write_projects(projects_dir: Path, specs: list[ProjectSpec], progress: bool) -> None:
    """Write every project workbook: in this process for a small programme, else in a process
    pool (the specs are already drawn, so the bytes do not depend on which process writes)."""
    bar = contextlib.nullcontext()
    if progress:
        import click

        bar = click.progressbar(length=len(specs), label="Skriver projektarbetsböcker", file=sys.stderr)
    with bar as progress_bar:

        def advance(count: int) -> None:
            if progress:
                progress_bar.update(count)

        if len(specs) < POOL_THRESHOLD:
            for spec in specs:
                write_project_workbook(projects_dir / spec.file_name, spec)
                advance(1)
            return
        chunks = [specs[i : i + 50] for i in range(0, len(specs), 50)]
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for written in pool.map(_write_chunk, [(str(projects_dir), chunk) for chunk in chunks]):
                advance(written)


def _write_chunk(job: tuple[str, list[ProjectSpec]]) -> int:
    projects_dir, specs = job
    for spec in specs:
        write_project_workbook(Path(projects_dir) / spec.file_name, spec)
    return len(specs)


def generate_programme(out: Path, *, projects: int, seed: int = 2018, progress: bool = False) -> dict:
    """Write a sample programme into `out`: programme.toml, the register, the meetings and one
    workbook per project. Returns a summary for the CLI."""
    out = Path(out)
    if projects < 1:
        raise PipelineError("--projects måste vara minst 1.")
    _check_out_dir(out)
    specs, meetings = draw_programme(projects, seed)

    projects_dir = out / PROJECTS_DIRNAME
    try:
        projects_dir.mkdir(parents=True, exist_ok=True)
        # Regenerating in place: drop workbooks of an earlier run (only generator-named files are
        # there, checked above) so a smaller programme leaves no stale projects behind.
        for stale in projects_dir.iterdir():
            stale.unlink()
        (out / CONFIG_NAME).write_text(programme_toml(projects), encoding="utf-8")
        write_register(out / REGISTER_NAME, specs)
        write_meetings(out / MEETINGS_NAME, meetings)
        payments = write_payments(out / PAYMENTS_NAME, specs, seed)  # issue 14: drawn last, apart
        _write_projects(projects_dir, specs, progress)
    except OSError as exc:
        raise PipelineError(
            f"{out}: kan inte skriva ({exc.strerror}). Välj en annan mapp med --out."
        ) from None
    return {
        "projekt": len(specs),
        "län": len({s.county_code for s in specs}),
        "beviljat": sum(s.granted for s in specs),
        "träffar": len(meetings),
        "utbetalningar": payments,
        "avvikelser": sum(1 for s in specs for f in s.features if f in DEVIATIONS),
    }
