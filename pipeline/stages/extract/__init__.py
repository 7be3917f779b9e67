"""Extract stage: every input file into typed tables, each value with its file, sheet and cell.

The only place that reads spreadsheets. Values get their canonical names and types here (codes of
contract.py, two-digit county codes, dates, exact Decimal amounts); every table goes through the
catalog (`catalog.save_all`) to outputs/1_extracted, and every later stage reads it from there.
A bad file becomes findings for that file and the run goes on.

    inventory.py  which files are in the inputs folder; files.csv
    formats.py    .xlsx/.xlsm, .xls, .ods (read), .xlsb (refused): a file's format from its bytes
    sandbox.py    worker processes bounded in memory and time; a dead worker blames one file
    workbook_file.py  opening a workbook safely; sheets as grids; formulas with and without a result
    ods.py xls.py the formula cells of an .ods and of an .xls
    layout.py     labels → rows: facts, tables by header label, Summa rows, blank cells, narratives
    reader.py     one file → typed rows and findings (runs in a worker)

The rules it raises are in pipeline/rules/reading.py, their texts in pipeline/rules/rules.toml.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from ... import catalog
from ... import contract as c
from ...errors import UnreadableInputsError
from ...paths import PROJECTS_DIRNAME, InputPaths, OutputPaths
from ...rules.base import ERROR, WARNING, sort_findings
from ...rules.reading import MEETINGS_MISSING, PAYMENTS_MISSING, REGISTER_MISSING
from .formats import WORKBOOK_SUFFIXES
from .inventory import ignored_file_findings, inventory, same_name_findings, sha256_of
from .limits import Limits
from .reader import blame_worker, read_list, read_project_safely, safely
from .sandbox import read_all

LIMITS = Limits()
# Workbooks are read in worker processes, where each is bounded in time and memory; only an
# explicit --workers 1 (or a test) reads them in this process, bounded by the zip checks alone.
PARALLEL_THRESHOLD = 0
# fork starts a worker in milliseconds (spawn re-imports, ~0.2 s) and the parent holds no threads.
# A forked worker may reuse heap its parent freed, so its memory bound is looser than spawn's.
START_METHOD = "fork"
# What a worker runs per workbook; a module attribute so a test can make it fail.
_extract_project_safely = read_project_safely


def run(
    inputs: InputPaths, outputs: OutputPaths, *, workers: int | None = None, progress: bool = False
) -> dict:
    """Read every input file; write the extracted tables and extract_findings.csv."""
    files = inventory(inputs)
    workbooks = [f for f in files if f.kind == "workbook"]
    if not inputs.projects_dir.is_dir():
        raise UnreadableInputsError(
            f"Mappen {inputs.projects_dir} saknas. Lägg projektens arbetsböcker ({_SUFFIXES}) i en mapp "
            f"som heter {PROJECTS_DIRNAME} i inputs-mappen."
        )
    if not workbooks:
        raise UnreadableInputsError(
            f"{inputs.projects_dir} innehåller inga arbetsböcker ({_SUFFIXES}). Lägg en arbetsbok per "
            "projekt där, ifylld enligt mallen (python -m pipeline template projektmall.xlsx)."
        )

    limits = LIMITS
    jobs = [(str(f.path), f.rel) for f in workbooks]
    results = read_all(
        jobs,
        _extract_project_safely,
        blame_worker,
        workers=workers or os.cpu_count() or 1,
        limits=limits,
        start_method=START_METHOD,
        in_process=workers == 1 or len(jobs) <= PARALLEL_THRESHOLD,
        progress=progress,
    )
    by_file = {r["source_file"]: r for r in results}
    for path, rule, sheet, columns, table in (
        (inputs.register, REGISTER_MISSING, c.REGISTER_SHEET, c.REGISTER_COLUMNS, "register"),
        (inputs.meetings, MEETINGS_MISSING, c.MEETINGS_SHEET, c.MEETING_COLUMNS, "meetings"),
        (inputs.payments, PAYMENTS_MISSING, c.PAYMENTS_SHEET, c.PAYMENT_COLUMNS, "payments"),
    ):
        rel = path.relative_to(inputs.root).as_posix()
        if any(f.rel == rel for f in files):
            by_file[rel] = safely(read_list, str(path), rel, limits, sheet, columns, table)
        else:
            by_file[rel] = {
                "source_file": rel,
                "tables": {},
                "findings": [rule.finding(file=rel, sheet=sheet, name=rel, sheet_name=sheet)],
            }

    _link_unread_by_name(by_file, [by_file[f.rel] for f in workbooks], inputs)
    same_name = same_name_findings(files)
    for finding in same_name:  # on the project's findings, so that validate sets it aside
        finding["project_id"] = by_file[finding["file"]].get("project_id", "")

    rows: dict[str, list] = {name: [] for name in c.EXTRACTED_COLUMNS}  # tuples; files: dicts
    findings: list[dict[str, str]] = ignored_file_findings(files) + same_name
    for result in by_file.values():
        for name, table_rows in result["tables"].items():
            rows[name].extend(table_rows)
        findings.extend(result["findings"])
    for entry in files:
        result = by_file.get(entry.rel)
        if result is not None and "status" in result:
            entry.status, entry.sha256 = result["status"], result["sha256"]
            entry.project_id = result.get("project_id", "")
        elif not entry.sha256:
            entry.sha256 = sha256_of(entry.path)
    rows["files"] = [entry.as_row() for entry in files]

    # Rows are tuples in the contract's column order (files and findings: dicts); the catalog
    # writes them as they are, without pandas (≈0.5 s to import, and nothing here needs it).
    rows["extract_findings"] = sort_findings(findings)
    catalog.save_records_all(rows, outputs)
    severities = Counter(f["severity"] for f in findings)
    return {
        "arbetsböcker": len(workbooks),
        "projekt": len(rows["projects"]),
        "fel": severities[ERROR],
        "varning": severities[WARNING],
    }


_SUFFIXES = ", ".join(WORKBOOK_SUFFIXES)
_DIGITS = re.compile(r"\D")


def _link_unread_by_name(by_file: dict[str, dict], results: list[dict], inputs: InputPaths) -> None:
    """An unreadable workbook whose file name carries the digits of exactly one decision's id
    (01_2014-001234.ods for "Ä 2014-001234") gets that id: in files.csv and on its findings, so
    that the decision is shown with its unreadable workbook, not as one without a workbook."""
    register = by_file.get(inputs.register.relative_to(inputs.root).as_posix(), {})
    column = c.EXTRACTED_COLUMNS["register"].index("project_id")
    ids = {
        digits: row[column]
        for row in register.get("tables", {}).get("register", [])
        if row[column] and len(digits := _DIGITS.sub("", row[column])) >= 6
    }
    for result in results:
        if result["status"] != "unreadable" or result["project_id"]:
            continue
        name = _DIGITS.sub("", result["source_file"].rsplit("/", 1)[-1])
        matches = {project_id for digits, project_id in ids.items() if digits in name}
        if len(matches) == 1:
            (result["project_id"],) = matches
            for finding in result["findings"]:
                finding["project_id"] = result["project_id"]


__all__ = ["LIMITS", "Limits", "run"]
