"""One repeat at one programme size: the measures a–e, each a function recording into a SizeResult."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.baselines import (
    BASELINE_SAMPLE_FILES,
    attachments_of,
    count_pages,
    measure_bare_render,
    measure_extract_in_process,
    measure_pandas_baseline,
    workbook_files,
)
from benchmarks.make_runs import (
    MakeRun,
    changed_files,
    pick_template,
    run_make,
    source_mtimes,
    touch_template_and_make,
)
from benchmarks.stage_log import STAGES
from pipeline.paths import AGGREGATED_DIR, OutputPaths

SCALE_PROJECTS = 4000


@dataclass
class SizeResult:
    projects: int
    samples: dict[str, list] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, value) -> None:
        self.samples.setdefault(key, []).append(value)


def measure_one_repeat(
    result: SizeResult,
    inputs_dir: Path,
    workdir: Path,
    repeat: int,
    pdf_options: Mapping,
    base_url: str,
    venv_stamp: Path,
    seed: int,
) -> None:
    """a–e for one programme in a fresh outputs folder (d only at data_stages_only sizes);
    records samples and errors in result."""
    outputs_dir = workdir / f"outputs-{result.projects}-{repeat}"
    shutil.rmtree(outputs_dir, ignore_errors=True)
    if data_stages_only(result.projects):
        first = _measure_data_stages(
            result, inputs_dir, outputs_dir, workdir / f"stages-{repeat}.log", venv_stamp
        )
        if first.ok and repeat == 0:
            _measure_report_once_at_scale(
                result, inputs_dir, outputs_dir, first, workdir / "stages-report.log", venv_stamp
            )
        _measure_extract_vs_pandas(result, inputs_dir, workdir, first, seed + repeat)
        return
    sources_before = source_mtimes()
    first = _measure_report_from_empty(
        result, inputs_dir, outputs_dir, workdir / f"stages-{repeat}.log", venv_stamp
    )
    if first.ok:
        _measure_bare_render_ratio(
            result, OutputPaths(outputs_dir), first.wall_s, workdir, pdf_options, base_url
        )
        _measure_make_skipping(
            result,
            inputs_dir,
            outputs_dir,
            venv_stamp,
            workdir / f"stages-b-{repeat}.log",
            sources_before,
            repeat,
        )
    _measure_extract_vs_pandas(result, inputs_dir, workdir, first, seed + repeat)


def data_stages_only(projects: int) -> bool:
    """At 4,000 workbooks the data stages are measured in every repeat and the report is made once
    (a 4,000-project render takes minutes): a, b and c are measured only below this size."""
    return projects >= SCALE_PROJECTS


def _record_stage_times(result: SizeResult, run: MakeRun) -> None:
    """Each stage's time and peak RSS from one make run."""
    for command, record in run.per_stage.items():
        result.add(f"stage_s.{command}", record["wall_s"])
        result.add(f"rss_mb.{command}", record["maxrss_kb"] / 1024)


def _record_stages(result: SizeResult, run: MakeRun) -> None:
    """Each stage's time and peak RSS, and extract+validate+aggregate, from one make run."""
    _record_stage_times(result, run)
    extract_validate_aggregate = [run.per_stage.get(stage, {}).get("wall_s") for stage in STAGES[:3]]
    result.add("eva_total_s", None if None in extract_validate_aggregate else sum(extract_validate_aggregate))


def _measure_data_stages(
    result: SizeResult, inputs_dir: Path, outputs_dir: Path, stage_log: Path, venv_stamp: Path
) -> MakeRun:
    """d: `make` up to aggregate's stamp from empty outputs, each stage timed."""
    # Spelt as the Makefile spells $(AGGREGATED) from the OUTPUTS make is given.
    goal = f"{outputs_dir}/{AGGREGATED_DIR}/.stamp"
    run = run_make(inputs_dir, outputs_dir, venv_stamp, stage_log=stage_log, goal=goal)
    _record_stages(result, run)
    _note_once(
        result,
        f"d. at {result.projects} projects make first stops after aggregate (the data stages timed alone)",
    )
    if not run.ok:
        result.errors.append(f"d. make OUTPUTS/{AGGREGATED_DIR}/.stamp from empty: {run.failure()}")
    return run


def _measure_report_once_at_scale(
    result: SizeResult,
    inputs_dir: Path,
    outputs_dir: Path,
    data_stages: MakeRun,
    stage_log: Path,
    venv_stamp: Path,
) -> None:
    """e at the scale size: `make report` from the data stages' outputs, once; with the run that
    made them, the whole `make report` (two make start-ups instead of one: about 10 ms more)."""
    rest = run_make(inputs_dir, outputs_dir, venv_stamp, stage_log=stage_log)
    _record_stage_times(result, rest)
    if not rest.ok:
        result.errors.append(f"e. make report after aggregate: {rest.failure()}")
        return
    result.add("report_total_s", data_stages.wall_s + rest.wall_s)
    _note_once(result, f"e. the report is made once at {result.projects} projects, in the first repeat")
    _count_pages(result, OutputPaths(outputs_dir).report_pdf)


def _count_pages(result: SizeResult, report_pdf: Path) -> None:
    if report_pdf.is_file():
        try:
            result.add("pages", count_pages(report_pdf))
        except Exception as exc:  # noqa: BLE001 - a broken PDF is a finding, not a crash
            result.errors.append(f"e. page count failed: {exc}")


def _measure_report_from_empty(
    result: SizeResult, inputs_dir: Path, outputs_dir: Path, stage_log: Path, venv_stamp: Path
) -> MakeRun:
    """a, d, e: every stage as make runs it, each timed (and its RSS read) through the stage-timing log."""
    first = run_make(inputs_dir, outputs_dir, venv_stamp, stage_log=stage_log)
    _record_stages(result, first)
    if first.ok:
        result.add("report_total_s", first.wall_s)
    else:
        result.errors.append(f"a. make report from empty: {first.failure()}")
    _count_pages(result, OutputPaths(outputs_dir).report_pdf)
    return first


def _measure_bare_render_ratio(
    result: SizeResult,
    outputs: OutputPaths,
    report_s: float,
    workdir: Path,
    pdf_options: Mapping,
    base_url: str,
) -> None:
    """a: the same final HTML through WeasyPrint alone."""
    if not outputs.report_html.is_file():
        result.errors.append(f"a. {outputs.report_html} is missing: no HTML for the bare render")
        return
    try:
        bare = measure_bare_render(
            outputs.report_html, workdir / "bare.pdf", pdf_options, base_url, attachments_of(outputs.root)
        )
    except RuntimeError as exc:
        result.errors.append(f"a. {exc}")
        return
    result.add("bare_render_s", bare["wall_s"])
    result.add("bare_render_inner_s", bare["render_s"])
    result.add("ratio_to_bare", report_s / bare["wall_s"])


def _measure_make_skipping(
    result: SizeResult,
    inputs_dir: Path,
    outputs_dir: Path,
    venv_stamp: Path,
    stage_log: Path,
    sources_before: Mapping[str, int],
    repeat: int,
) -> None:
    """b: make with nothing changed; c: make after touching one template.

    Teammates edit the code while we measure: a run in which a file make depends on changed is
    not counted (make was right to rerun), and a note names the files.
    """
    changed = changed_files(sources_before, source_mtimes())
    sources_before_b = source_mtimes()
    again = run_make(inputs_dir, outputs_dir, venv_stamp, stage_log=stage_log)
    if not again.ok:
        result.errors.append(f"b. make report (nothing changed): {again.failure()}")
    elif changed:
        _note_once(result, f"b. run {repeat + 1} not counted: {', '.join(changed)} changed during the run")
    else:
        result.add("noop_make_s", again.wall_s)
        result.add("noop_stages", again.stages_by_output)
        result.add("noop_stages_by_mtime", again.stages_by_mtime)
        # `make report` may run more than the stages (e.g. `pipeline summary`) even when nothing changed.
        other = [r["wall_s"] for command, r in again.per_stage.items() if command not in STAGES]
        result.add("noop_other_commands_s", sum(other) if other else 0.0)
        for command in again.per_stage:
            if command not in STAGES:
                _note_once(result, f"b. make report also runs `pipeline {command}` every time")
        _note_disagreement(result, "b", again)

    template = pick_template()
    if template is None:
        _note_once(result, "c. templates/ is empty: nothing to touch")
        return
    changed = changed_files(sources_before_b, source_mtimes())
    touched = touch_template_and_make(template, inputs_dir, outputs_dir, venv_stamp)
    if not touched.ok:
        result.errors.append(f"c. make report after touching {template.name}: {touched.failure()}")
    elif changed:
        _note_once(result, f"c. run {repeat + 1} not counted: {', '.join(changed)} changed during the run")
    else:
        result.add("template_rerun_s", touched.wall_s)
        bare = result.samples.get("bare_render_s", [])
        if len(bare) == repeat + 1:  # this repeat's bare render of the same HTML
            result.add("template_rerun_ratio", touched.wall_s / bare[-1])
        result.add("template_stages", touched.stages_by_output)
        result.add("template_stages_by_mtime", touched.stages_by_mtime)
        _note_disagreement(result, "c", touched)
        _note_once(result, f"c. touched templates/{template.name} (mtime restored afterwards)")


def _measure_extract_vs_pandas(
    result: SizeResult, inputs_dir: Path, workdir: Path, first: MakeRun, seed: int
) -> None:
    """d: the pandas+openpyxl baseline over the same workbooks, against extract."""
    try:
        baseline = measure_pandas_baseline(workbook_files(inputs_dir), BASELINE_SAMPLE_FILES, seed)
        result.add("pandas_s", baseline["seconds"])
        if baseline["scaled"]:
            _note_once(
                result,
                f"d. pandas baseline timed on a random {baseline['timed_files']} of "
                f"{baseline['total_files']} workbooks and scaled "
                f"×{baseline['total_files'] / baseline['timed_files']:.1f}",
            )
        extract_record = first.per_stage.get("extract", {})
        if extract_record.get("returncode") == 0 and extract_record.get("wall_s"):
            result.add("extract_process_speedup", baseline["seconds"] / extract_record["wall_s"])
        extract_run_s = measure_extract_in_process(inputs_dir, workdir / "extract-only")
        result.add("extract_run_s", extract_run_s)
        result.add("extract_speedup", baseline["seconds"] / extract_run_s)
    except RuntimeError as exc:
        result.errors.append(f"d. {exc}")


def _note_once(result: SizeResult, note: str) -> None:
    if note not in result.notes:
        result.notes.append(note)


def _note_disagreement(result: SizeResult, part: str, run: MakeRun) -> None:
    """make's echoed commands and the output mtimes should name the same stages."""
    if run.stages_by_output != run.stages_by_mtime:
        _note_once(
            result,
            f"{part}. make ran {run.stages_by_output or 'nothing'} but outputs changed for "
            f"{run.stages_by_mtime or 'nothing'}",
        )
