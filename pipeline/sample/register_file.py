"""The decision register: one row per granted project, as Tillväxtverket decided it."""

from __future__ import annotations

from pathlib import Path

from ..contract import REGISTER_COLUMNS, REGISTER_SHEET
from .projects import ProjectSpec
from .workbooks import write_table_workbook


def _register_rows(specs: list[ProjectSpec]) -> list[dict]:
    return [
        {
            "project_id": s.project_id,
            "county_code": s.county_code,
            "owner": s.owner,
            "title": s.title,
            "decision_date": s.decision_date,
            "granted_amount": s.granted,
            "start_date": s.start_date,
            "end_date": s.register_end_date,
        }
        for s in sorted(specs, key=lambda s: (s.decision_date, s.project_id))
    ]


def write_register(path: Path, specs: list[ProjectSpec]) -> None:
    write_table_workbook(path, REGISTER_SHEET, REGISTER_COLUMNS, _register_rows(specs))
