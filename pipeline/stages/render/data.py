"""What the report is made from: the hand-overs, read through the catalog (I/O at the edge).

Every aggregated table, findings.csv and project_status.csv come from `catalog.load`, so a
missing file, a missing column or a value that does not fit its type is a Swedish error naming
the file, the row and the column and the stage to run again. Rows reach the report as plain
dicts of typed values: Decimal amounts and shares, int counts, datetime.date dates, bool flags,
str texts ("" when empty) and None for any other empty cell.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ... import catalog
from ...config import ProgrammeConfig, load_config, run_timestamp
from ...errors import PipelineError
from ...paths import InputPaths, OutputPaths

Row = dict[str, Any]
_REVIEW_HINT = "review-steget (`python -m pipeline review`)"


@dataclass(frozen=True)
class ReportData:
    """Everything the report is made from, as read from the hand-over files."""

    config: ProgrammeConfig
    tables: dict[str, list[Row]]  # every aggregated dataset of the catalog, by catalog name
    findings: list[Row]
    project_status: list[Row]
    manifest: dict
    inputs: InputPaths | None = None  # where the chapter texts are (chapters.chapter_plan)
    outputs: OutputPaths | None = None
    changes: dict | None = None  # the page "Ändringar sedan föregående version", when compared


def rows(name: str, frame: pd.DataFrame) -> list[Row]:
    """A catalog frame as dicts: pandas' <NA> becomes "" in text columns and None elsewhere."""
    columns: dict[str, list[Any]] = {}
    for column, kind in catalog.dataset(name).kinds.items():
        empty = "" if kind == "text" else None
        columns[column] = [
            empty if value is None or value is pd.NA else value for value in frame[column].tolist()
        ]
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def load(name: str, outputs: OutputPaths) -> list[Row]:
    return rows(name, catalog.load(name, outputs))


def load_report_data(inputs: InputPaths, outputs: OutputPaths) -> ReportData:
    config = load_config(inputs.config)
    tables = {name: load(name, outputs) for name in catalog.AGGREGATED}
    totals = catalog.dataset("programme_totals").file(outputs)
    if len(tables["programme_totals"]) != 1:
        raise PipelineError(
            f"{totals}: väntade exakt en rad, fann {len(tables['programme_totals'])}. "
            "Kör aggregate-steget igen (`python -m pipeline aggregate`)."
        )
    manifest = _read_json(outputs.manifest)
    _read_json(outputs.datapackage)  # attached to the PDF: it must at least be JSON
    _check_manifest_inputs(manifest, outputs.manifest)
    from ..changes_summary import report_page

    return ReportData(
        config,
        tables,
        load("findings", outputs),
        load("project_status", outputs),
        manifest,
        inputs,
        outputs,
        report_page(outputs),
    )


def _read_json(path: Path) -> dict:
    if not path.is_file():
        raise PipelineError(f"{path}: filen saknas. Kör {_REVIEW_HINT} först.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PipelineError(f"{path}: är inte giltig JSON ({exc}). Kör {_REVIEW_HINT} igen.") from None
    if not isinstance(data, dict):
        raise PipelineError(f"{path}: väntade ett JSON-objekt överst. Kör {_REVIEW_HINT} igen.")
    return data


def _check_manifest_inputs(manifest: dict, path: Path) -> None:
    """The source files list of Bilaga 3 comes from manifest["inputs"], as the review stage writes it."""
    entries = manifest.get("inputs")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("path"), str)
        and isinstance(e.get("sha256"), str)
        and isinstance(e.get("size_bytes"), int)
        for e in entries
    ):
        raise PipelineError(
            f'{path}: listan "inputs" (sökväg, sha256 och size_bytes per källfil) saknas '
            f"eller är ofullständig. Kör {_REVIEW_HINT} igen."
        )


def report_timestamp(config: ProgrammeConfig) -> dt.datetime:
    """The run's timestamp (naive UTC, as WeasyPrint's metadata wants), as config.run_timestamp decides."""
    return run_timestamp(config)[0].replace(tzinfo=None)
