"""Running the real extract stage in a test and reading back what it wrote (shared by the
extract tests)."""

from __future__ import annotations

from pathlib import Path

from pipeline import contract as c
from pipeline.paths import InputPaths, OutputPaths
from pipeline.safe_io import read_rows
from pipeline.stages import extract


def run_extract(root: Path, out: Path, **options):
    """(summary, {table: rows}, extract findings) of extract on the inputs folder `root`."""
    outputs = OutputPaths(out)
    summary = extract.run(InputPaths(root), outputs, **options)
    tables = {name: read_rows(outputs.extracted_table(name)) for name in c.EXTRACTED_COLUMNS}
    return summary, tables, read_rows(outputs.extract_findings)
