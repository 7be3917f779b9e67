"""Validate stage: check the extracted layer against the programme's rules.

Reads outputs/1_extracted through the catalog and writes
- outputs/findings.csv: the extract findings and the validation findings of this run, sorted;
- outputs/2_validated/project_status.csv: each project accepted or set aside (any "fel" ⇒ set aside),
  or, for a decision in the register that no workbook came in for, no_workbook (awaiting its report).

The rules live in pipeline/rules (one object per rule: id, severity, what it checks, the Swedish
message and the check itself). `run` only loads and saves; `validate` is the pure step between.
Each finding points at the cell a person opens to fix it, as the extract stage located it: the
offending value's cell or, for sums that disagree, the workbook's "Summa" cell, else the header
cell of the amount column (1_extracted/sheet_headers.csv).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import catalog
from ..config import ProgrammeConfig, load_config
from ..contract import (
    FINDING_COLUMNS,
    SEVERITY_ERROR,
    SEVERITY_WARNING,
    STATUS_ACCEPTED,
    STATUS_NO_WORKBOOK,
    STATUS_SET_ASIDE,
)
from ..paths import InputPaths, OutputPaths
from ..rules.base import sort_findings
from ..rules.layer import filled
from ..rules.validation import VALIDATION_RULES, Layer, validation_findings

# The hand-overs of 1_extracted the rules read (extract writes more, e.g. formula_cells).
INPUT_TABLES = (
    "files",
    "projects",
    "costs",
    "financing",
    "indicators",
    "narratives",
    "workbook_totals",
    "register",
    "meetings",
    "sheet_headers",
    "payments",
    "extract_findings",
)
RULES = VALIDATION_RULES  # what this stage declares (aggregate's findings_by_rule reads it)
_FIRST_ERROR_LENGTH = 160
_WORKBOOK_KIND = "workbook"  # files.csv kind of a project workbook (extract stage)


def validate(
    layer_frames: Mapping[str, pd.DataFrame], config: ProgrammeConfig
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(findings, project_status) of the extracted layer: extract's findings and every rule's, in
    the order a reader scans them, and each project's fate."""
    layer = Layer(config, layer_frames)
    # Extract's findings with "" for empty, as Rule.finding writes them: an empty sheet or cell
    # sorts first within its file, as a reader expects.
    carried = layer_frames["extract_findings"].loc[:, list(FINDING_COLUMNS)].astype(object)
    carried = carried.where(carried.notna(), "").to_dict("records")
    findings = catalog.frame_from_records("findings", sort_findings(carried + validation_findings(layer)))
    return findings, project_statuses(layer, findings)


def project_statuses(layer: Layer, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per project id known from workbooks, register or file list; a workbook without an
    id gets its own row (empty id), judged by the findings in its file. Any "fel" ⇒ set aside.
    A decision only the register knows (no workbook with its id came in, or none could be read)
    is no_workbook: awaiting its report, neither accepted nor set aside, whatever its findings.

    `findings` must be sorted: the first error of a project is the one a reader sees first."""
    workbooks, register, files = layer.workbooks, layer.register, layer["files"]
    with_id = workbooks[filled(workbooks["project_id"])]
    known_ids = set(with_id["project_id"])
    sources = [with_id[["project_id", "source_file"]]]
    register_only = register[filled(register["project_id"]) & ~register["project_id"].isin(known_ids)]
    sources.append(register_only[["project_id", "source_file"]])
    listed_only = files[filled(files["project_id"]) & ~files["project_id"].isin(known_ids)]
    sources.append(listed_only[["project_id", "source_file"]])
    with_a_file = known_ids | set(listed_only["project_id"])
    by_id = pd.concat(sources, ignore_index=True).drop_duplicates()
    files_of: dict[str, list[str]] = {}  # project id → its files, ids in order of first appearance
    for project_id, source_file in zip(by_id["project_id"], by_id["source_file"], strict=True):
        files_of.setdefault(project_id, []).append(source_file)
    projects = {project_id: "; ".join(sorted(files)) for project_id, files in files_of.items()}

    # Workbooks with no id: no facts, unreadable, or the id cell empty; listed by file, so that
    # every workbook's fate is visible.
    without_id = set(workbooks.loc[~filled(workbooks["project_id"]), "source_file"])
    unread = files[
        (files["kind"] == _WORKBOOK_KIND).fillna(False)
        & ~files["source_file"].isin(workbooks["source_file"])
        & ~filled(files["project_id"])
    ]
    without_id.update(unread["source_file"])

    by_project = _tally(findings, "project_id")
    by_file = _tally(findings, "file")
    statuses = [
        _status(project_id, source_file, by_project.get(project_id), project_id in with_a_file)
        for project_id, source_file in projects.items()
    ]
    statuses += [_status("", file, by_file.get(file)) for file in sorted(without_id)]
    return catalog.frame_from_records("project_status", statuses)


def _tally(findings: pd.DataFrame, key: str) -> dict[str, tuple[int, int, str]]:
    """key value → (errors, warnings, first error as "rule: message", shortened)."""
    severity = findings["severity"]
    counts = (
        findings.groupby([key, "severity"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=[SEVERITY_ERROR, SEVERITY_WARNING], fill_value=0)
    )
    errors = findings[severity == SEVERITY_ERROR].drop_duplicates(key)
    first = dict(
        zip(
            errors[key],
            (_short(f"{r}: {m}") for r, m in zip(errors["rule_id"], errors["message"], strict=True)),
            strict=True,
        )
    )
    return {
        value: (int(error_count), int(warning_count), first.get(value, ""))
        for value, error_count, warning_count in zip(
            counts.index, counts[SEVERITY_ERROR], counts[SEVERITY_WARNING], strict=True
        )
    }


def _status(
    project_id: str, source_file: str, tally: tuple[int, int, str] | None, has_file: bool = True
) -> dict[str, object]:
    errors, warnings, first_error = tally or (0, 0, "")
    return {
        "project_id": project_id,
        "source_file": source_file,
        "status": STATUS_NO_WORKBOOK if not has_file else STATUS_SET_ASIDE if errors else STATUS_ACCEPTED,
        "errors": errors,
        "warnings": warnings,
        "first_error": first_error,
    }


def _short(text: str) -> str:
    return text if len(text) <= _FIRST_ERROR_LENGTH else text[: _FIRST_ERROR_LENGTH - 1].rstrip() + "…"


def run(inputs: InputPaths, outputs: OutputPaths) -> dict:
    """Validate the extracted layer; write findings.csv and project_status.csv; return counts."""
    config = load_config(inputs.config)
    frames = {name: catalog.load(name, outputs) for name in INPUT_TABLES}
    findings, statuses = validate(frames, config)
    catalog.save_all({"findings": findings, "project_status": statuses}, outputs)
    status = statuses["status"]
    return {
        "projekt": len(statuses),
        "godkända": int((status == STATUS_ACCEPTED).sum()),
        "undantagna": int((status == STATUS_SET_ASIDE).sum()),
        "utan arbetsbok": int((status == STATUS_NO_WORKBOOK).sum()),
        "fel": int((findings["severity"] == SEVERITY_ERROR).sum()),
        "varning": int((findings["severity"] == SEVERITY_WARNING).sum()),
    }
