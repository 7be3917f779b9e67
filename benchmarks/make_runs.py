"""make runs as a user starts them: which stages ran, their outputs' mtimes, the sources make watches."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.processes import REPO_ROOT, child_env, tail
from benchmarks.stage_log import (
    find_gnu_time,
    parse_stage_log,
    stage_timer,
    stages_in_make_output,
    stages_with_newer_output,
)
from pipeline.paths import TEMPLATES_DIR, OutputPaths


@dataclass
class MakeRun:
    wall_s: float
    returncode: int
    output: str
    stages_by_output: list[str]
    stages_by_mtime: list[str]
    per_stage: dict[str, dict]

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        return f"make exited {self.returncode}:\n{tail(self.output)}"


def stage_output_files(outputs: OutputPaths) -> dict[str, Path]:
    """The file each stage's make target produces (mirrors the Makefile's targets)."""
    return {
        "extract": outputs.extracted / ".stamp",
        "validate": outputs.validated / ".stamp",
        "aggregate": outputs.aggregated / ".stamp",
        "review": outputs.manifest,
        "workbook": outputs.review_workbook,
        "render": outputs.report_pdf,
        "html": outputs.html_edition / "index.html",
    }


def stage_output_mtimes(outputs: OutputPaths) -> dict[str, int | None]:
    mtimes: dict[str, int | None] = {}
    for stage, path in stage_output_files(outputs).items():
        try:
            mtimes[stage] = path.stat().st_mtime_ns
        except FileNotFoundError:
            mtimes[stage] = None
    return mtimes


def source_mtimes() -> dict[str, int]:
    """mtimes of the files make's rules depend on in the repository (code, templates, Makefile)."""
    files = [
        REPO_ROOT / "Makefile",
        REPO_ROOT / "pyproject.toml",
        *REPO_ROOT.glob("pipeline/**/*.py"),
        *REPO_ROOT.glob("pipeline/**/*.toml"),  # declarations make counts as code (rules.toml, tables.toml)
        *TEMPLATES_DIR.glob("*"),
    ]
    mtimes = {}
    for path in files:
        try:
            mtimes[str(path.relative_to(REPO_ROOT))] = path.stat().st_mtime_ns
        except FileNotFoundError:
            pass
    return mtimes


def changed_files(
    before: Mapping[str, int], after: Mapping[str, int], ignore: Iterable[str] = ()
) -> list[str]:
    """Files (name -> mtime in ns) added, removed or modified between two snapshots."""
    ignored = set(ignore)
    return sorted(
        name
        for name in set(before) | set(after)
        if name not in ignored and before.get(name) != after.get(name)
    )


def run_make(
    inputs_dir: Path, outputs_dir: Path, venv_stamp: Path, stage_log: Path | None, goal: str = "report"
) -> MakeRun:
    """`make report` (or another goal) for one inputs/outputs pair; with stage_log, each stage is
    timed separately."""
    command = [
        "make",
        "--no-print-directory",
        "-C",
        str(REPO_ROOT),
        goal,
        f"INPUTS={inputs_dir}",
        f"OUTPUTS={outputs_dir}",
        # Our own stamp: the benchmark must never trigger make's `pip install` of the venv.
        f"VENV_STAMP={venv_stamp}",
    ]
    if stage_log is not None:
        command.append(
            "PY=" + " ".join(shlex.quote(part) for part in stage_timer(stage_log, find_gnu_time()))
        )
        stage_log.unlink(missing_ok=True)
    # Fresh each time: were pyproject.toml newer (a teammate's edit), make would rebuild the venv.
    # The stamp is an order-only prerequisite, so its being new reruns no stage.
    venv_stamp.touch()
    outputs = OutputPaths(outputs_dir)
    before = stage_output_mtimes(outputs)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=child_env())
    wall_s = time.perf_counter() - started
    after = stage_output_mtimes(outputs)
    per_stage = parse_stage_log(stage_log.read_text()) if stage_log is not None and stage_log.exists() else {}
    return MakeRun(
        wall_s=wall_s,
        returncode=done.returncode,
        output=done.stdout + done.stderr,
        stages_by_output=stages_in_make_output(done.stdout),
        stages_by_mtime=stages_with_newer_output(before, after),
        per_stage=per_stage,
    )


def pick_template() -> Path | None:
    """The template file to touch: the first one in name order."""
    files = sorted(p for p in TEMPLATES_DIR.iterdir() if p.is_file()) if TEMPLATES_DIR.is_dir() else []
    return files[0] if files else None


def touch_template_and_make(template: Path, inputs_dir: Path, outputs_dir: Path, venv_stamp: Path) -> MakeRun:
    """Touch one template, run make, then give the template its mtime back."""
    original = template.stat()
    os.utime(template)  # what `touch` does: now
    touched_ns = template.stat().st_mtime_ns
    try:
        return run_make(inputs_dir, outputs_dir, venv_stamp, stage_log=None)
    finally:
        # Put the old mtime back so the real outputs/ does not look stale, unless a teammate
        # saved the file meanwhile (then its new mtime must stay).
        try:
            if template.stat().st_mtime_ns == touched_ns:
                os.utime(template, ns=(original.st_atime_ns, original.st_mtime_ns))
        except FileNotFoundError:
            pass
