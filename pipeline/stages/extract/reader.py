"""One file → typed rows: a project workbook (five sheets) or a one-sheet list (register, meetings).

Runs in a worker process, so it imports nothing heavy (no pandas). A result is a plain dict:
source_file, status (read/unreadable), sha256, project_id, tables {name: [row tuples in the
column order of contract.EXTRACTED_COLUMNS, values typed str/int/Decimal/date/None]} and findings.
Whatever goes wrong with a file becomes a finding for that file, never an exception.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ... import contract as c
from ...contract import Field
from ...rules.base import Rule
from ...rules.reading import UNREADABLE, WORKER_FAILED, WRONG_EXTENSION
from .formats import format_of_suffix
from .inventory import sha256_of
from .layout import read_facts, read_narrative, read_table
from .limits import FileFindings, Limits, Unreadable
from .workbook_file import Workbook, open_workbook

# Tabular sheets of a project workbook: sheet, table name, columns.
PROJECT_TABLES = (
    (c.SHEET_COSTS, "costs", c.COST_COLUMNS),
    (c.SHEET_FINANCING, "financing", c.FINANCING_COLUMNS),
    (c.SHEET_INDICATORS, "indicators", c.INDICATOR_COLUMNS),
)
Row = tuple[Any, ...]


def safely(extract: Callable[..., dict], path: str, rel: str, limits: Limits, *more: Any) -> dict:
    """Run one file's extraction; whatever goes wrong becomes a finding for that file."""
    try:
        return extract(path, rel, limits, *more)
    except Unreadable as problem:  # found late, e.g. while parsing a sheet's formulas
        return failed_result(path, rel, problem.rule, **problem.details)
    except MemoryError:
        return failed_result(path, rel, WORKER_FAILED, reason="minnet tog slut")
    except Exception as exc:  # a bug or an unforeseen file: a finding for this file, not a crash
        return failed_result(path, rel, UNREADABLE, reason=f"{type(exc).__name__}: {exc}"[:200])


def failed_result(path: str, rel: str, rule: Rule, **details: Any) -> dict:
    try:
        sha256 = sha256_of(Path(path))
    except OSError:
        sha256 = ""
    return {
        "source_file": rel,
        "status": "unreadable",
        "sha256": sha256,
        "project_id": "",
        "tables": {},
        "findings": [rule.finding(file=rel, **details)],
    }


def blame_worker(path: str, rel: str, reason: str) -> dict:
    """The result of a file whose worker died reading it."""
    return failed_result(path, rel, WORKER_FAILED, reason=reason)


def _open(path: str, rel: str, limits: Limits) -> tuple[dict, FileFindings, Workbook | None]:
    findings = FileFindings(rel, limits)
    result = {
        "source_file": rel,
        "status": "read",
        "sha256": "",
        "project_id": "",
        "tables": {},
        "findings": findings.items,
    }
    try:
        book, result["sha256"] = open_workbook(Path(path), limits)
    except Unreadable as problem:
        result["sha256"] = sha256_of(Path(path))
        result["status"] = "unreadable"
        findings.add(problem.rule, **problem.details)
        return result, findings, None
    suffix = Path(path).suffix
    if format_of_suffix(suffix) is not book.format:  # read as what it is, and said so
        findings.add(
            WRONG_EXTENSION,
            actual=book.format.name,
            suffix=suffix or "(ingen)",
            actual_suffix=book.format.suffixes[0],
        )
    return result, findings, book


def _grids(book: Workbook, names: tuple[str, ...], result: dict, findings: FileFindings):
    """{sheet: grid or None}, or None (the result marked unreadable) if a sheet cannot be read."""
    grids = {}
    for name in names:
        try:
            grids[name] = book.grid(name, findings)
        except Unreadable as problem:
            result["status"] = "unreadable"
            findings.add(problem.rule, **problem.details)
            return None
    return grids


def read_project(path: str, rel: str, limits: Limits) -> dict:
    """A project workbook: projects, costs, financing, indicators, narratives, workbook_totals,
    sheet_headers and formula_cells rows."""
    result, findings, book = _open(path, rel, limits)
    grids = _grids(book, c.PROJECT_SHEETS, result, findings) if book is not None else None
    if grids is None:
        return result
    facts = read_facts(grids[c.SHEET_FACTS], findings)
    project_id = facts.get("project_id") or ""
    result["project_id"] = project_id
    tables: dict[str, list[Row]] = {
        name: []
        for name in (
            "projects",
            "costs",
            "financing",
            "indicators",
            "workbook_totals",
            "sheet_headers",
            "narratives",
        )
    }
    if grids[c.SHEET_FACTS] is not None:
        tables["projects"].append(
            _row("projects", {**facts, "project_id": project_id, "source_file": rel, "sheet": c.SHEET_FACTS})
        )
    for sheet, table, columns in PROJECT_TABLES:
        records, totals, headers = read_table(grids[sheet], columns, findings, limits)
        where = {"project_id": project_id, "source_file": rel, "sheet": sheet}
        tables[table] = [_row(table, {**record, **where}) for record in records]
        tables["workbook_totals"] += [
            _row("workbook_totals", {**total, **where, "table": table}) for total in totals
        ]
        tables["sheet_headers"] += _header_rows(headers, rel, sheet)
    tables["narratives"] = [
        _row("narratives", {**row, "project_id": project_id, "source_file": rel, "sheet": c.SHEET_NARRATIVE})
        for row in read_narrative(grids[c.SHEET_NARRATIVE], findings)
    ]
    tables["formula_cells"] = _formula_rows(grids.values(), rel, project_id)
    for finding in findings.items:
        finding["project_id"] = project_id
    result["tables"] = {name: rows for name, rows in tables.items() if rows}
    return result


def read_project_safely(path: str, rel: str, limits: Limits) -> dict:
    return safely(read_project, path, rel, limits)


def read_list(
    path: str, rel: str, limits: Limits, sheet: str, columns: tuple[Field, ...], table: str
) -> dict:
    """The register, the meetings or the payments list: one tabular sheet. A register or payments
    row's findings carry its project_id, so that validate sets that project aside."""
    limits = dataclasses.replace(limits, max_rows=limits.max_list_rows)
    result, findings, book = _open(path, rel, limits)
    grids = _grids(book, (sheet,), result, findings) if book is not None else None
    if grids is None:
        return result
    project_column = "project_id" if "project_id" in c.EXTRACTED_COLUMNS[table] else ""
    records, totals, headers = read_table(grids[sheet], columns, findings, limits, project_column)
    where = {"source_file": rel, "sheet": sheet}
    tables = {
        "sheet_headers": _header_rows(headers, rel, sheet),
        table: [_row(table, {**record, **where}) for record in records],
        "workbook_totals": [_row("workbook_totals", {**total, **where, "table": table}) for total in totals],
        "formula_cells": _formula_rows(grids.values(), rel, ""),
    }
    result["tables"] = {name: rows for name, rows in tables.items() if rows}
    return result


def _row(table: str, values: dict[str, Any]) -> Row:
    get = values.get
    return tuple([get(column) for column in c.EXTRACTED_COLUMNS[table]])


def _header_rows(headers: dict[str, str], rel: str, sheet: str) -> list[Row]:
    return [
        _row("sheet_headers", {"source_file": rel, "sheet": sheet, "column": name, "cell": cell})
        for name, cell in headers.items()
    ]


def _formula_rows(grids, rel: str, project_id: str) -> list[Row]:
    """One row per cell read whose value is a formula's stored result (a cell read twice, once)."""
    rows = {}
    for grid in grids:
        if grid is not None:
            for cell, value in grid.formula_values:
                rows.setdefault(
                    (grid.name, cell),
                    _row(
                        "formula_cells",
                        {
                            "project_id": project_id,
                            "source_file": rel,
                            "sheet": grid.name,
                            "cell": cell,
                            "value": value,
                        },
                    ),
                )
    return list(rows.values())
