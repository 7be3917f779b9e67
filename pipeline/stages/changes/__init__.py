"""Changes stage: what changed since a previous run, and why (outputs/changes.csv, changes.md,
changes_page.json).

A controller's first question on each weekly deliverable. Two runs are compared through what they
handed over: both manifest.json files (every input with its SHA-256), project_status, findings and
every aggregated table, each loaded with `pipeline.catalog`. The comparison itself (`compare`) is
a pure function of the two runs' data; `run` only reads, compares and writes.

What counts as a change, in the order changes.csv lists them:
- an input file added, removed or changed (SHA-256);
- a project newly accepted or set aside (a new workbook, or a changed status), or whose status
  changed otherwise (its decision now has no workbook, or it is gone), matched on its ärende-id;
- a finding new or resolved, matched on (rule_id, file, sheet, cell, project_id);
- a row added to or removed from an aggregated table, matched on the table's catalog key;
- a figure that moved (a column of kind amount, int or pct): before, after and the exact
  difference after − before; amounts first, biggest move first, then counts, then percentages;
- any other value of an aggregated table that changed (a corrected title, a date).

A previous run made by an older version may lack a table or a column this version declares: that
table is left out and the summary says so, since it cannot be compared. A previous run that cannot
be read (no or broken manifest.json, a listed CSV missing or damaged) is an UnreadableInputsError
(exit 2) naming the file; nothing is written then.

A previous run is someone else's folder (last week's artifact, unpacked), so it is trusted only as
far as its own manifest.json vouches for it: every file the comparison reads must have the SHA-256
the manifest lists, or the run is refused naming the file. And it must be a run of the same
programme (the name, commissions and frame of its manifest's config equal this run's); a run of
another programme is refused, not compared: every project would show as removed and added, and
that list would reach the report's page of changes. A corrected programme fact (a frame typed
wrong last week) also refuses, since the two runs then describe different programmes.

Modules: comparison (reading the two runs, the comparison, the change codes) and wording (the
Swedish words: changes.md, and the report's page of changes). The page is handed over as
outputs/changes_page.json, so the render stage reads a file and imports nothing of this stage.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ... import catalog
from ...paths import OutputPaths
from ...safe_io import write_text_atomic
from .comparison import (
    FIGURE,
    INPUT_ADDED,
    INPUT_CHANGED,
    INPUT_REMOVED,
    check_same_programme,
    compare,
    read_run,
)
from .wording import report_page, summary_markdown


def run(since: Path, outputs: OutputPaths) -> dict[str, int]:
    """Compare the run in `since` with the one in `outputs`; write changes.csv, changes.md and the
    report's page (changes_page.json)."""
    current = read_run(outputs.root, previous=False)
    previous = read_run(Path(since), previous=True)
    check_same_programme(previous, current)
    changes = compare(previous, current)
    catalog.save("changes", changes, outputs)
    write_text_atomic(summary_path(outputs), summary_markdown(changes, previous, current))
    page = report_page(outputs)
    write_text_atomic(page_path(outputs), json.dumps(page, ensure_ascii=False, indent=1) + "\n")
    counts = Counter(changes["change_kind"])
    inputs_changed = sum(counts[kind] for kind in (INPUT_ADDED, INPUT_REMOVED, INPUT_CHANGED))
    return {"ändringar": len(changes), "indatafiler": inputs_changed, "tal": counts[FIGURE]}


def summary_path(outputs: OutputPaths) -> Path:
    """outputs/changes.md, beside changes.csv."""
    return catalog.dataset("changes").file(outputs).with_suffix(".md")


def page_path(outputs: OutputPaths) -> Path:
    """outputs/changes_page.json: the report's page "Ändringar sedan föregående version", as the
    Swedish text the templates show (the render stage reads it when it is there)."""
    return outputs.root / "changes_page.json"
