"""The targets, and the medians of one size as table rows with their verdicts."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

from benchmarks.scenarios import SCALE_PROJECTS, SizeResult, data_stages_only
from benchmarks.stage_log import STAGES, merge_stage_lists

# Targets, checked at every size (the brief states the 30 s one for 4,000 projects).
# Issue 9: at 40 and 400 projects, a clean `make report` within 1.4 × a bare WeasyPrint render of
# the same HTML, and the rerun after a template change within 1.15 ×.
TARGET_RATIO_TO_BARE_RENDER = 1.4
TARGET_TEMPLATE_RERUN_RATIO = 1.15
RATIO_SIZES = (40, 400)
TARGET_NOOP_MAKE_S = 0.5
TARGET_EXTRACT_SPEEDUP = 10.0
TARGET_EVA_TOTAL_S = 30.0
# Where the issue sets each target: a. for the sample report; d. for 4,000 workbooks, with the peak
# RSS target on the data stages (extract, validate, aggregate). Other sizes are recorded to show growth.
SAMPLE_PROJECTS = 40
RSS_TARGET_STAGES = ("extract", "validate", "aggregate")
# The stages a template change must rerun, and no others: both editions are filled in from templates/.
TEMPLATE_STAGES = ("render", "html")
TARGET_PEAK_RSS_MB = 1024.0
# Issue 24: at 4,000 projects the render within 2 minutes and 1 GB, the whole make report within 3.
TARGET_RENDER_AT_SCALE_S = 120.0
TARGET_REPORT_AT_SCALE_S = 180.0
RSS_TARGET_STAGES_AT_SCALE = (*RSS_TARGET_STAGES, "render")
# Issue 21: a saved chapter's new text in the browser within a second (median of 10 saves) at the
# sample's 40 projects; reported at 400.
TARGET_PREVIEW_RELOAD_MS = 1000.0
PREVIEW_SIZES = (40, 400)


def median_or_none(values: Iterable[float | None]) -> float | None:
    """Median of the values that were measured; None when none was."""
    measured = [v for v in values if v is not None]
    return statistics.median(measured) if measured else None


def judge(value: float | None, operator: str, threshold: float) -> bool | None:
    """True when the value meets the target, False when not, None when there is no value."""
    if value is None:
        return None
    if operator == "<=":
        return value <= threshold
    if operator == ">=":
        return value >= threshold
    raise ValueError(f"unknown operator {operator!r}")


def judge_stages(ran: list[str] | None, expected: Sequence[str]) -> bool | None:
    if ran is None:
        return None
    return list(ran) == list(expected)


def figures_for(result: SizeResult, profile_cap: int | None) -> list[dict]:
    """The medians of one size, each with its target and verdict."""
    m = {
        key: median_or_none(values)
        for key, values in result.samples.items()
        if key not in ("noop_stages", "noop_stages_by_mtime", "template_stages", "template_stages_by_mtime")
    }

    def spread(key: str) -> list[float] | None:
        """[lowest, highest] over the repeats: how far one run can stray on this machine."""
        measured = [v for v in result.samples.get(key, []) if v is not None]
        return [min(measured), max(measured)] if len(measured) > 1 else None

    noop = merge_stage_lists(result.samples.get("noop_stages", []))
    touched = merge_stage_lists(result.samples.get("template_stages", []))
    n = result.projects

    def row(key, label, value, unit, target="", passed=None, *, applies=True, **extra):
        if not applies:  # a figure recorded for growth only, at a size the target is not set for
            target, passed = "", None
        return {
            "key": key,
            "label": label,
            "projects": n,
            "value": value,
            "unit": unit,
            "target": target,
            "passed": passed,
            **extra,
        }

    ratio_size, scale_size = n in RATIO_SIZES, n >= SCALE_PROJECTS

    rows = [
        row(
            "a.report_total_s",
            "a  report from empty outputs (make)",
            m.get("report_total_s"),
            "s",
            f"≤ {TARGET_REPORT_AT_SCALE_S:g}",
            judge(m.get("report_total_s"), "<=", TARGET_REPORT_AT_SCALE_S),
            applies=scale_size,
            spread=spread("report_total_s"),
        ),
        row(
            "a.bare_render_s",
            "a  bare WeasyPrint render (process)",
            m.get("bare_render_s"),
            "s",
            spread=spread("bare_render_s"),
        ),
        row(
            "a.ratio_to_bare",
            "a  report / bare render",
            m.get("ratio_to_bare"),
            "×",
            f"≤ {TARGET_RATIO_TO_BARE_RENDER}",
            judge(m.get("ratio_to_bare"), "<=", TARGET_RATIO_TO_BARE_RENDER),
            applies=ratio_size,
            spread=spread("ratio_to_bare"),
        ),
        row(
            "b.noop_make_s",
            "b  make report, nothing changed",
            m.get("noop_make_s"),
            "s",
            f"≤ {TARGET_NOOP_MAKE_S}",
            judge(m.get("noop_make_s"), "<=", TARGET_NOOP_MAKE_S),
        ),
        row("b.other_commands_s", "b  of which non-stage commands", m.get("noop_other_commands_s"), "s"),
        row(
            "b.stages_ran",
            "b  stages that ran",
            noop,
            "stages",
            "none",
            judge_stages(noop, []),
            by_mtime=merge_stage_lists(result.samples.get("noop_stages_by_mtime", [])),
        ),
        row(
            "c.stages_ran",
            "c  stages after touching a template",
            touched,
            "stages",
            "render, html",
            judge_stages(touched, TEMPLATE_STAGES),
            by_mtime=merge_stage_lists(result.samples.get("template_stages_by_mtime", [])),
        ),
        row(
            "c.template_rerun_s",
            "c  make report after touching a template",
            m.get("template_rerun_s"),
            "s",
            spread=spread("template_rerun_s"),
        ),
        row(
            "c.template_rerun_ratio",
            "c  that rerun / bare render",
            m.get("template_rerun_ratio"),
            "×",
            f"≤ {TARGET_TEMPLATE_RERUN_RATIO}",
            judge(m.get("template_rerun_ratio"), "<=", TARGET_TEMPLATE_RERUN_RATIO),
            applies=ratio_size,
            spread=spread("template_rerun_ratio"),
        ),
        row("d.extract_s", "d  extract, whole process", m.get("stage_s.extract"), "s"),
        row("d.extract_run_s", "d  extract, run() only", m.get("extract_run_s"), "s"),
        row("d.pandas_s", "d  pandas.read_excel+openpyxl, same files", m.get("pandas_s"), "s"),
        row(
            "d.extract_process_speedup",
            "d  speed-up over pandas, whole process",
            m.get("extract_process_speedup"),
            "×",
        ),
        row(
            "d.extract_speedup",
            "d  speed-up over pandas, run() only",
            m.get("extract_speedup"),
            "×",
            f"≥ {TARGET_EXTRACT_SPEEDUP:g}",
            judge(m.get("extract_speedup"), ">=", TARGET_EXTRACT_SPEEDUP),
            applies=scale_size,
        ),
        row(
            "d.eva_total_s",
            "d  extract+validate+aggregate",
            m.get("eva_total_s"),
            "s",
            f"≤ {TARGET_EVA_TOTAL_S:g}",
            judge(m.get("eva_total_s"), "<=", TARGET_EVA_TOTAL_S),
            applies=scale_size,
            spread=spread("eva_total_s"),
        ),
    ]
    for stage in STAGES:
        value = m.get(f"rss_mb.{stage}")
        rows.append(
            row(
                f"d.peak_rss_mb.{stage}",
                f"d  peak RSS, {stage}",
                value,
                "MB",
                f"≤ {TARGET_PEAK_RSS_MB:g}",
                judge(value, "<=", TARGET_PEAK_RSS_MB),
                applies=stage in (RSS_TARGET_STAGES_AT_SCALE if scale_size else RSS_TARGET_STAGES),
            )
        )
    rows.append(
        row(
            "e.render_s",
            "e  render",
            m.get("stage_s.render"),
            "s",
            f"≤ {TARGET_RENDER_AT_SCALE_S:g}",
            judge(m.get("stage_s.render"), "<=", TARGET_RENDER_AT_SCALE_S),
            applies=scale_size,
        )
    )
    rows.append(
        row(
            "e.pages",
            "e  pages in report.pdf",
            m.get("pages"),
            "pages",
            f"profiles ≤ {profile_cap}" if profile_cap is not None else "",
        )
    )
    if n in PREVIEW_SIZES:
        rows.append(
            row(
                "f.preview_reload_ms",
                "f  preview: saved chapter → text in page",
                m.get("preview_reload_ms"),
                "ms",
                f"≤ {TARGET_PREVIEW_RELOAD_MS:g}",
                judge(m.get("preview_reload_ms"), "<=", TARGET_PREVIEW_RELOAD_MS),
                applies=n == SAMPLE_PROJECTS,
            )
        )
    if data_stages_only(n):  # no bare render, no make skipping: d every repeat, the report once (e)
        rows = [r for r in rows if r["key"].startswith(("d.", "e.")) or r["key"] == "a.report_total_s"]
    return rows
