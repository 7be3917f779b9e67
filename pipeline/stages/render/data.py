"""What the report is made from: the hand-overs, read through the catalog (I/O at the edge).

Every aggregated table, findings.csv and project_status.csv come from `catalog.load_rows` (the
catalog's reader, as `catalog.load` but as dicts: this stage never needs pandas), so a
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


def load(name: str, outputs: OutputPaths) -> list[Row]:
    """The rows of a hand-over, with "" for an empty text cell (None for any other empty cell)."""
    texts = [column for column, kind in catalog.dataset(name).kinds.items() if kind == "text"]
    rows = catalog.load_rows(name, outputs)
    for row in rows:
        for column in texts:
            if row[column] is None:
                row[column] = ""
    return rows


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
    return ReportData(
        config,
        tables,
        load("findings", outputs),
        load("project_status", outputs),
        manifest,
        inputs,
        outputs,
        _changes_page(outputs),
    )


def _changes_page(outputs: OutputPaths) -> dict | None:
    """The page "Ändringar sedan föregående version", when a comparison was made: the changes
    stage hands it over as changes_page.json, its text ready for the template."""
    path = outputs.root / "changes_page.json"
    return _read_json(path) if path.is_file() else None


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
