"""Reading two runs and comparing them: `read_run` (checked against its own manifest), `compare`
(a pure function of the two runs' data) and the change codes changes.csv uses. The stage's entry
point and what it writes are in the package (`pipeline.stages.changes`)."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from ... import catalog
from ...catalog import CatalogError
from ...contract import STATUS_ACCEPTED, STATUS_SET_ASIDE
from ...errors import PipelineError, UnreadableInputsError
from ...paths import OutputPaths
from ...safe_io import value_text

# change_kind codes, in the order changes.csv lists them (column_docs documents them in Swedish).
INPUT_ADDED, INPUT_REMOVED, INPUT_CHANGED = "input_added", "input_removed", "input_changed"
PROJECT_ACCEPTED, PROJECT_SET_ASIDE = "project_accepted", "project_set_aside"
PROJECT_OTHER = "project_status"  # any other change of status: now without a workbook, or gone
FINDING_NEW, FINDING_RESOLVED = "finding_new", "finding_resolved"
ROW_ADDED, ROW_REMOVED = "row_added", "row_removed"
FIGURE, VALUE = "figure", "value"
CHANGE_KINDS = (
    INPUT_ADDED,
    INPUT_REMOVED,
    INPUT_CHANGED,
    PROJECT_ACCEPTED,
    PROJECT_SET_ASIDE,
    PROJECT_OTHER,
    FINDING_NEW,
    FINDING_RESOLVED,
    ROW_ADDED,
    ROW_REMOVED,
    FIGURE,
    VALUE,
)

FIGURE_KINDS = ("amount", "int", "pct")  # "biggest first" compares like with like, in this order
FINDING_KEY = ("rule_id", "file", "sheet", "cell", "project_id")
KEY_SEPARATOR = " | "  # between the values of a composite key in changes.csv's key column
INPUTS_TABLE = "inputs"  # the table column of an input change: the manifest's inputs list
COMPARED = ("project_status", "findings", *catalog.AGGREGATED)
# The facts of programme.toml's [programme] that say which programme a run is of, with their
# Swedish names: two runs that differ in one of them are runs of different programmes.
PROGRAMME_FACTS = {"name": "namn", "commissions": "uppdrag", "frame_amount": "ram"}


@dataclass(frozen=True)
class Run:
    """One run as the comparison sees it: its manifest's inputs and its loaded hand-overs."""

    root: Path
    inputs: dict[str, str]  # input path (relative to the inputs folder) → SHA-256
    tables: dict[str, pd.DataFrame]
    version: str = ""
    timestamp: str = ""
    not_compared: dict[str, str] = field(default_factory=dict)  # table → why (older version)
    programme: dict[str, Any] = field(default_factory=dict)  # PROGRAMME_FACTS from its manifest's config


# --- Reading a run ---------------------------------------------------------------------------------


def read_run(root: Path, *, previous: bool) -> Run:
    """Read a run's manifest and compared tables. A previous run that cannot be read is an
    UnreadableInputsError (exit 2); a current one a PipelineError saying which stage to run."""
    manifest = _read_manifest(root, previous)
    listed = {entry["path"]: entry.get("sha256") for entry in manifest["outputs"]}
    tables: dict[str, pd.DataFrame] = {}
    not_compared: dict[str, str] = {}
    for name in COMPARED:
        ds = catalog.dataset(name)
        if previous:
            if ds.path not in listed:
                not_compared[name] = f"{ds.path} finns inte i föregående körning (en äldre version)"
                continue
            if not ds.file(root).is_file():
                raise UnreadableInputsError(
                    f"{ds.file(root)} saknas i föregående körning fast manifest.json listar den. Peka "
                    "--since på en komplett outputs-mapp från en tidigare körning (hela artefakten)."
                )
            _check_checksum(ds.file(root), listed[ds.path], OutputPaths(root).manifest)
            absent = _absent_columns(ds, ds.file(root))
            if absent:
                not_compared[name] = (
                    f"{ds.path} i föregående körning saknar kolumnerna {', '.join(absent)} (en äldre version)"
                )
                continue
        try:
            tables[name] = catalog.load(name, root)
        except CatalogError as exc:
            if not previous:
                raise
            raise UnreadableInputsError(
                f"Föregående körning kan inte läsas: {_without_rerun_advice(str(exc))} Peka --since på "
                "en annan tidigare körning, eller hämta den igen."
            ) from None
    inputs = {entry["path"]: entry["sha256"] for entry in manifest["inputs"]}
    return Run(
        root,
        inputs,
        tables,
        str(manifest.get("pipeline_version", "")),
        str(manifest.get("run_timestamp", "")),
        not_compared,
        _programme_facts(manifest),
    )


def _check_checksum(path: Path, listed: Any, manifest: Path) -> None:
    """A previous run's file must be the one its manifest.json lists (SHA-256), else exit 2."""
    fix = (
        "Jämförelsen görs bara mot filer som manifestet går i god för. Hämta den tidigare körningen "
        "igen (hela artefakten, oförändrad) och peka --since (PREVIOUS=) på den."
    )
    if not isinstance(listed, str):
        raise UnreadableInputsError(f"{manifest} anger ingen kontrollsumma (sha256) för {path.name}. {fix}")
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise UnreadableInputsError(f"{path} i föregående körning kan inte läsas ({exc}). {fix}") from None
    if digest.hexdigest() != listed.lower():
        raise UnreadableInputsError(
            f"{path} i föregående körning har ändrats efter körningen: dess kontrollsumma (SHA-256) "
            f"stämmer inte med den som {manifest.name} anger. {fix}"
        )


def _programme_facts(manifest: dict[str, Any]) -> dict[str, Any]:
    """The run's PROGRAMME_FACTS as its manifest's config gives them (absent ones left out)."""
    config = manifest.get("config")
    programme = config.get("programme") if isinstance(config, dict) else None
    if not isinstance(programme, dict):
        return {}
    return {fact: programme[fact] for fact in PROGRAMME_FACTS if fact in programme}


def check_same_programme(previous: Run, current: Run) -> None:
    """A previous run of another programme (name, commissions or frame differ) is exit 2."""
    differing = [
        f"{words} {_fact_text(previous.programme.get(fact))} där, {_fact_text(current.programme.get(fact))} här"
        for fact, words in PROGRAMME_FACTS.items()
        if _fact_value(previous.programme.get(fact)) != _fact_value(current.programme.get(fact))
    ]
    if differing:
        raise UnreadableInputsError(
            f"Föregående körning ({previous.root}) gäller ett annat program än denna enligt "
            f"programfakta i manifest.json: {'; '.join(differing)}. Ändringar mellan två program "
            "jämförs inte. Peka --since (PREVIOUS=) på en tidigare körning av samma program, eller "
            "gör rapporten utan jämförelse."
        )


def _fact_value(value: Any) -> Any:
    """A fact as compared: numbers as exact decimals (60000000 equals 60000000.0), lists in any
    order (the same commissions listed the other way round are the same programme)."""
    if isinstance(value, list):
        return tuple(sorted((_fact_value(v) for v in value), key=str))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


def _fact_text(value: Any) -> str:
    if value is None:
        return "saknas"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _read_manifest(root: Path, previous: bool) -> dict[str, Any]:
    path = OutputPaths(root).manifest
    fail = UnreadableInputsError if previous else PipelineError
    fix = (
        "Peka --since på outputs-mappen från en tidigare körning (den innehåller manifest.json)."
        if previous
        else "Kör `make report` (eller `python -m pipeline review`) först."
    )
    if not root.is_dir():
        raise fail(f"{root} finns inte eller är ingen mapp. {fix}")
    if not path.is_file():
        raise fail(f"{path} saknas. {fix}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{path} kan inte läsas som JSON ({exc}). Filen är skadad. {fix}") from None
    problem = _manifest_problem(manifest)
    if problem:
        raise fail(f"{path} är ingen manifest.json från pipelinen: {problem}. {fix}")
    return manifest


def _manifest_problem(manifest: Any) -> str:
    """What makes `manifest` unusable, or "" (inputs need path and sha256, outputs a path)."""
    if not isinstance(manifest, dict):
        return "den innehåller inget JSON-objekt"
    for section, fields in (("inputs", ("path", "sha256")), ("outputs", ("path",))):
        entries = manifest.get(section)
        if not isinstance(entries, list):
            return f"listan {section} saknas"
        for position, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
                return f"post {position} i {section} saknar {' eller '.join(fields)}"
    return ""


def _absent_columns(ds: catalog.Dataset, path: Path) -> list[str]:
    """Declared columns missing from the CSV's header ([] when the header cannot be read: then
    catalog.load says what is wrong with the file)."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    return [column for column in ds.columns if header and column not in header]


def _without_rerun_advice(message: str) -> str:
    # The catalog's advice to rerun a stage fits the current run, not a kept previous one.
    return message.split(" Kör om ", 1)[0].rstrip()


# --- The comparison: a pure function of two runs ------------------------------------------------------


def compare(before: Run, after: Run) -> pd.DataFrame:
    """Every change from `before` to `after`, as a typed changes frame in changes.csv's order."""
    rows = [*_input_changes(before.inputs, after.inputs)]
    if "project_status" in before.tables:
        rows += _status_changes(before.tables["project_status"], after.tables["project_status"])
    if "findings" in before.tables:
        rows += _finding_changes(before.tables["findings"], after.tables["findings"])
    added_removed, figures, values = [], [], []
    for name in catalog.AGGREGATED:
        if name in before.tables and name in after.tables:
            table_rows, table_figures, table_values = _table_changes(
                name, before.tables[name], after.tables[name]
            )
            added_removed += table_rows
            figures += table_figures
            values += table_values
    figures.sort(key=_biggest_first)
    return catalog.frame_from_records("changes", [*rows, *added_removed, *figures, *values])


def _biggest_first(row: Mapping[str, Any]) -> tuple[int, Decimal]:
    """Amounts, then counts, then percentages (kronor and percentage points do not compare), each
    by falling |difference|; a figure that was or became empty has none and comes last. Stable."""
    return FIGURE_KINDS.index(catalog.COLUMN_KINDS[row["column"]]), -abs(row["difference"] or Decimal(0))


def _change(
    kind: str, table: str, key: str, column: str, before: str, after: str, difference: Decimal | None = None
) -> dict[str, Any]:
    return {
        "change_kind": kind,
        "table": table,
        "key": key,
        "column": column,
        "before": before,
        "after": after,
        "difference": difference,
    }


def _input_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[dict[str, Any]]:
    rows = [
        _change(INPUT_ADDED, INPUTS_TABLE, p, "sha256", "", after[p]) for p in sorted(after.keys() - before)
    ]
    rows += [
        _change(INPUT_REMOVED, INPUTS_TABLE, p, "sha256", before[p], "")
        for p in sorted(before.keys() - after)
    ]
    rows += [
        _change(INPUT_CHANGED, INPUTS_TABLE, p, "sha256", before[p], after[p])
        for p in sorted(before.keys() & after.keys())
        if before[p] != after[p]
    ]
    return rows


def _status_changes(before: pd.DataFrame, after: pd.DataFrame) -> list[dict[str, Any]]:
    """Projects newly accepted or set aside (new workbooks included), then other status changes."""
    was, now = project_rows(before), project_rows(after)
    kinds = {STATUS_ACCEPTED: PROJECT_ACCEPTED, STATUS_SET_ASIDE: PROJECT_SET_ASIDE}
    changed = []
    for key, row in now.items():
        old = (was.get(key) or {}).get("status") or ""
        if (row["status"] or "") != old:
            kind = kinds.get(row["status"], PROJECT_OTHER)
            changed.append(_change(kind, "project_status", key, "status", old, row["status"] or ""))
    changed += [
        _change(PROJECT_OTHER, "project_status", key, "status", was[key]["status"] or "", "")
        for key in was.keys() - now.keys()
    ]
    return sorted(changed, key=lambda r: (CHANGE_KINDS.index(r["change_kind"]), r["key"]))


def project_rows(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """project_status rows by project: its ärende-id, so that a decision whose workbook arrives
    stays the same project; "id | file" where an id is shared, the file where it is empty."""
    records = plain_records(frame)
    shared = Counter(row["project_id"] for row in records if row["project_id"])
    keyed = {}
    for row in records:
        project_id, file = row["project_id"] or "", row["source_file"] or ""
        unique = project_id and shared[project_id] == 1
        keyed[project_id if unique else KEY_SEPARATOR.join(p for p in (project_id, file) if p)] = row
    return keyed


def _finding_changes(before: pd.DataFrame, after: pd.DataFrame) -> list[dict[str, Any]]:
    """Findings new and resolved, matched on FINDING_KEY; a finding repeated n times counts n times."""

    def by_key(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for row in plain_records(frame):
            found.setdefault(key_text(row, FINDING_KEY), []).append(row)
        return found

    was, now = by_key(before), by_key(after)
    new, resolved = [], []
    for key in now:
        for row in now[key][len(was.get(key, ())) :]:
            new.append(_change(FINDING_NEW, "findings", key, "message", "", row["message"] or ""))
    for key in was:
        for row in was[key][len(now.get(key, ())) :]:
            resolved.append(_change(FINDING_RESOLVED, "findings", key, "message", row["message"] or "", ""))
    return new + resolved  # each in findings.csv's order (file, sheet, cell)


def _table_changes(name: str, before: pd.DataFrame, after: pd.DataFrame):
    """Rows added and removed, figures moved and other values changed in one aggregated table."""
    ds = catalog.dataset(name)
    kinds = ds.kinds
    was, now = keyed_rows(name, before), keyed_rows(name, after)
    rows = [_change(ROW_ADDED, name, k, "", "", "") for k in now if k not in was]
    rows += [_change(ROW_REMOVED, name, k, "", "", "") for k in was if k not in now]
    figures, values = [], []
    for key, new in now.items():
        old = was.get(key)
        if old is None:
            continue
        for column in ds.columns:
            if column in ds.key or _same(old[column], new[column]):
                continue
            before_text, after_text = value_text(old[column]), value_text(new[column])
            if kinds[column] in FIGURE_KINDS:
                difference = (
                    Decimal(new[column]) - Decimal(old[column])
                    if old[column] is not None and new[column] is not None
                    else None
                )
                figures.append(_change(FIGURE, name, key, column, before_text, after_text, difference))
            else:
                values.append(_change(VALUE, name, key, column, before_text, after_text))
    return rows, figures, values


# --- Values -----------------------------------------------------------------------------------------


def plain_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, None for empty (pandas' <NA> compares as neither)."""
    plain = frame.astype(object)
    return plain.where(plain.notna(), None).to_dict("records")


def keyed_rows(name: str, frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """key text → row. A table without a key (programme_totals) has one row, keyed ""."""
    key = catalog.dataset(name).key
    records = plain_records(frame)
    if not key:
        return {("" if position == 0 else str(position + 1)): row for position, row in enumerate(records)}
    return {key_text(row, key): row for row in records}


def key_text(row: Mapping[str, Any], columns: Iterable[str]) -> str:
    return KEY_SEPARATOR.join(value_text(row[column]) for column in columns)


def _same(old: Any, new: Any) -> bool:
    return old == new  # Decimal("1.0") == Decimal("1"); None only equals None


__all__ = [
    "CHANGE_KINDS",
    "Run",
    "check_same_programme",
    "compare",
    "keyed_rows",
    "plain_records",
    "project_rows",
    "read_run",
]
