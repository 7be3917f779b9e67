"""What reading one file may cost, and how the findings of one file are collected."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ...rules.base import ERROR, Rule
from ...rules.reading import TOO_MANY_FINDINGS


@dataclass(frozen=True)
class Limits:
    """Bounds on what one workbook may cost; the package's LIMITS attribute, so tests can shrink it."""

    max_rows: int = 5_000  # rows read per sheet of a project workbook
    # A programme-level list has a row per decision, meeting or payment: at 4,000 projects the
    # payments list alone has over 10,000 rows.
    max_list_rows: int = 500_000
    header_rows: int = 10  # rows searched for a table's header
    max_file_bytes: int = 100 * 2**20
    max_member_bytes: int = 50 * 2**20  # declared uncompressed size of one zip member
    max_total_bytes: int = 100 * 2**20  # declared uncompressed size of all members
    max_ratio: int = 100  # compression ratio, checked on members above ratio_min_bytes
    ratio_min_bytes: int = 2**20
    # Cells in the rectangle a sheet's filled cells span, which calamine holds in memory: checked
    # for an .ods before calamine reads it (a repeated cell costs a few bytes in the file).
    max_sheet_cells: int = 5_000_000
    max_findings_per_sheet: int = 50
    timeout_seconds: float = 60.0  # per workbook, in a worker process
    memory_bytes: int = 2 * 2**30  # address space of a worker process


class Unreadable(Exception):
    """The file cannot be read at all; carries the finding's rule and details."""

    def __init__(self, rule: Rule, **details: Any) -> None:
        super().__init__(rule.rule_id)
        self.rule, self.details = rule, details


class FileFindings:
    """Findings of one file; caps how many one sheet may produce."""

    def __init__(self, rel: str, limits: Limits) -> None:
        self.rel = rel
        self.items: list[dict[str, str]] = []
        self._per_sheet: Counter = Counter()
        self._limit = limits.max_findings_per_sheet

    def add(
        self,
        rule: Rule,
        *,
        sheet: str = "",
        cell: str = "",
        value: Any = "",
        project_id: str = "",
        **details: Any,
    ) -> None:
        self._per_sheet[sheet] += 1
        count = self._per_sheet[sheet]
        if sheet and count > self._limit:
            if count == self._limit + 1:
                self.items.append(TOO_MANY_FINDINGS.finding(file=self.rel, sheet=sheet, limit=self._limit))
            return
        self.items.append(
            rule.finding(project_id=project_id, file=self.rel, sheet=sheet, cell=cell, value=value, **details)
        )

    def errors(self) -> int:
        return sum(1 for f in self.items if f["severity"] == ERROR)
