"""Rules as data, and the findings they produce.

A `Rule` says what is checked: id, severity, a one-line description for the method note, and
the Swedish message template shown to the person who must fix the workbook (with how to fix it).
The texts and the severity are declared in rules.toml and bound to the rule by its id
(declarations.py); stages create findings only through `Rule.finding`, so every finding has a
declared id, severity and wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..contract import FINDING_COLUMNS, SEVERITY_ERROR, SEVERITY_WARNING

ERROR = SEVERITY_ERROR
WARNING = SEVERITY_WARNING
_SEVERITY_ORDER = {SEVERITY_ERROR: 0, SEVERITY_WARNING: 1}


@dataclass(frozen=True)
class Rule:
    rule_id: str
    severity: str
    checks: str  # what the rule checks, in Swedish, for the report's method note
    message: str  # Swedish, str.format template; says what is wrong and how to fix it

    def finding(
        self,
        *,
        project_id: str = "",
        file: str = "",
        sheet: str = "",
        cell: str = "",
        value: Any = "",
        **details: Any,
    ) -> dict[str, str]:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "project_id": project_id or "",
            "file": file or "",
            "sheet": sheet or "",
            "cell": cell or "",
            "value": "" if value is None else str(value),
            "message": self.message.format(value=value, **details),
        }


def _cell_key(cell: str) -> tuple[int, str]:
    """Sort A1 addresses by row, then column (B2 before A10)."""
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return (int(digits) if digits else 0, letters.rjust(3))


def sort_findings(findings: list[dict[str, str]]) -> list[dict[str, str]]:
    """A stable order a reviewer can scan: by file, sheet, cell, then rule."""
    return sorted(
        findings,
        key=lambda f: (
            f["file"],
            f["sheet"],
            _cell_key(f["cell"]),
            f["rule_id"],
            _SEVERITY_ORDER.get(f["severity"], 9),
            f["project_id"],
            f["value"],
            f["message"],
        ),
    )


__all__ = ["ERROR", "WARNING", "FINDING_COLUMNS", "Rule", "sort_findings"]
