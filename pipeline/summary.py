"""The one line a person reads at the end of a run: what was read, found and written."""

from __future__ import annotations

from collections import Counter

from .contract import SEVERITY_ERROR, SEVERITY_WARNING, STATUS_NO_WORKBOOK, STATUS_SET_ASIDE
from .errors import PipelineError
from .paths import OutputPaths
from .safe_io import read_rows


def summarise(outputs: OutputPaths) -> str:
    """Summarise the run whose files are in `outputs` (validate must have run)."""
    if not outputs.findings.is_file() or not outputs.project_status.is_file():
        raise PipelineError(
            f"{outputs.root} innehåller ingen validerad körning. Kör `make report` eller "
            "`python -m pipeline run` först."
        )
    severities = Counter(row["severity"] for row in read_rows(outputs.findings))
    statuses = Counter(row["status"] for row in read_rows(outputs.project_status))
    not_from_a_run = {outputs.root / "README.md", outputs.bench_json, outputs.bench_cache}
    written = [
        path
        for path in outputs.root.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(outputs.root).parts)
        and not not_from_a_run.intersection((path, *path.parents))
    ]
    report = "report.pdf finns" if outputs.report_pdf.is_file() else "ingen report.pdf ännu"
    awaiting = statuses.pop(STATUS_NO_WORKBOOK, 0)  # decisions whose workbook has not come in
    waiting = f", {awaiting} beslut inväntar slutredovisning" if awaiting else ""
    return (
        f"{sum(statuses.values())} projekt lästa ({statuses[STATUS_SET_ASIDE]} undantagna{waiting}), "
        f"{severities[SEVERITY_ERROR]} fel och {severities[SEVERITY_WARNING]} varningar i findings.csv, "
        f"{len(written)} filer i {outputs.root}, {report}"
    )
