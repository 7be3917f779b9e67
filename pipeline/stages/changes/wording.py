"""The Swedish words for a comparison: outputs/changes.md (what `pipeline changes` prints) and
the data of the report's optional page "Ändringar sedan föregående version" (`report_page`).

Short by design: counts first, then the items, each list capped at LIST_LIMIT lines with a pointer
to changes.csv, which always has every change. Figures use the report's Swedish formatting and the
Swedish titles of tables and columns from `column_docs`.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from ... import catalog
from ...column_docs import COLUMN_DOCS
from ...contract import SEVERITY_ERROR, STATUS_NO_WORKBOOK
from ...formatting import NO_VALUE, format_kr, format_number, format_pct
from ...paths import OutputPaths
from .comparison import (
    FIGURE,
    FINDING_KEY,
    FINDING_NEW,
    FINDING_RESOLVED,
    INPUT_ADDED,
    INPUT_CHANGED,
    INPUT_REMOVED,
    KEY_SEPARATOR,
    PROJECT_ACCEPTED,
    PROJECT_OTHER,
    PROJECT_SET_ASIDE,
    ROW_ADDED,
    ROW_REMOVED,
    VALUE,
    Run,
    key_text,
    keyed_rows,
    plain_records,
    project_rows,
    read_run,
)

TITLE = "Ändringar sedan föregående version"
LIST_LIMIT = 20

_INPUT_WORDS = {INPUT_ADDED: "tillagd", INPUT_REMOVED: "borttagen", INPUT_CHANGED: "ändrad"}
_PROJECT_WORDS = {
    PROJECT_ACCEPTED: "nyss godkänt",
    PROJECT_SET_ASIDE: "nyss åsidosatt",
    PROJECT_OTHER: "annan status",
}
_STATUS_WORDS = {STATUS_NO_WORKBOOK: "beslut utan arbetsbok", "": "finns inte längre"}


def summary_markdown(changes: pd.DataFrame, before: Run, after: Run) -> str:
    """The summary as Markdown: a heading, the two runs, then one section per kind of change."""
    rows = plain_records(changes)
    by_kind = _by_kind(rows)
    lines = [
        f"# {TITLE}",
        "",
        f"Föregående körning: {_run_words(before)}.",
        f"Denna körning: {_run_words(after)}.",
        "",
    ]
    if not rows:
        lines.append(
            "Inga ändringar: indatafilerna, projektens status, fynden och alla tal i rapporten är "
            "desamma som i föregående körning."
        )
    else:
        lines += _inputs_section(by_kind)
        lines += _projects_section(by_kind, before, after)
        lines += _findings_section(by_kind, before, after)
        where = _Places(before, after)
        lines += _figures_section(by_kind.get(FIGURE, []), where)
        lines += _rows_section(by_kind, where)
    if before.not_compared:
        lines += ["## Inte jämfört", ""]
        lines += [f"- {why}; tabellen jämförs inte." for why in before.not_compared.values()] + [""]
    return "\n".join(lines).rstrip() + "\n"


def _by_kind(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["change_kind"], []).append(row)
    return grouped


def _run_words(run: Run) -> str:
    details = ", ".join(
        part
        for part in (
            f"körd {run.timestamp}" if run.timestamp else "",
            f"pipeline {run.version}" if run.version else "",
        )
        if part
    )
    return f"{run.root}" + (f" ({details})" if details else "")


def _capped(items: list[str]) -> list[str]:
    shown = [f"- {item}" for item in items[:LIST_LIMIT]]
    if len(items) > LIST_LIMIT:
        shown.append(f"- … och {len(items) - LIST_LIMIT} till (se changes.csv).")
    return shown + [""]


def _inputs_section(by_kind: dict[str, list[dict[str, Any]]]) -> list[str]:
    counts = {kind: len(by_kind.get(kind, [])) for kind in _INPUT_WORDS}
    head = (
        f"Indatafiler jämförda med SHA-256 – tillagda: {counts[INPUT_ADDED]}, borttagna: "
        f"{counts[INPUT_REMOVED]}, ändrade: {counts[INPUT_CHANGED]}."
    )
    if not any(counts.values()):
        head += " Ändringarna nedan kommer alltså från pipelinen (koden), inte från indata."
    items = [f"{word}: {row['key']}" for kind, word in _INPUT_WORDS.items() for row in by_kind.get(kind, [])]
    return ["## Indatafiler", "", head, "", *(_capped(items) if items else [])]


def _projects_section(by_kind, before: Run, after: Run) -> list[str]:
    counts = {kind: len(by_kind.get(kind, [])) for kind in _PROJECT_WORDS}
    head = (
        f"Projekt – nyss godkända: {counts[PROJECT_ACCEPTED]}, nyss åsidosatta: "
        f"{counts[PROJECT_SET_ASIDE]}, annan ändring av status: {counts[PROJECT_OTHER]}."
    )
    items = []
    for entry in _project_entries(by_kind, before, after):
        why = f" – {entry['first_error']}" if entry["first_error"] else ""
        items.append(f"{entry['change']}: {entry['project_id']} ({entry['file']}){why}")
    return ["## Projekt", "", head, "", *(_capped(items) if items else [])]


def _project_entries(by_kind, before: Run, after: Run) -> list[dict[str, str]]:
    """Each project change as {change, project_id, file, first_error} in words."""
    runs = [run.tables["project_status"] for run in (after, before) if "project_status" in run.tables]
    statuses = [project_rows(frame) for frame in runs]
    entries = []
    for kind, word in _PROJECT_WORDS.items():
        for row in by_kind.get(kind, []):
            status = next((rows[row["key"]] for rows in statuses if row["key"] in rows), {})
            if kind == PROJECT_OTHER:
                word = _STATUS_WORDS.get(row["after"] or "", f"status {row['after']}")
            why = status.get("first_error") if kind == PROJECT_SET_ASIDE else None
            entries.append(
                {
                    "change": word,
                    "project_id": status.get("project_id") or "(inget ärende-id)",
                    "file": status.get("source_file") or "",
                    "first_error": why or "",
                }
            )
    return entries


def _findings_section(by_kind, before: Run, after: Run) -> list[str]:
    severity = {**_finding_severities(before), **_finding_severities(after)}
    new, resolved = by_kind.get(FINDING_NEW, []), by_kind.get(FINDING_RESOLVED, [])
    new_errors = sum(severity.get(row["key"]) == SEVERITY_ERROR for row in new)
    head = (
        f"Fynd – nya: {len(new)} (fel: {new_errors}, varningar: {len(new) - new_errors}), lösta (finns "
        f"inte längre): {len(resolved)}."
    )
    items = [
        f"nytt {severity.get(row['key'], '')}: {_finding_place(row['key'])} – {row['after']}" for row in new
    ]
    items += [f"löst: {_finding_place(row['key'])} – {row['before']}" for row in resolved]
    return ["## Fynd", "", head, "", *(_capped(items) if items else [])]


def _finding_severities(run: Run) -> dict[str, str]:
    if "findings" not in run.tables:
        return {}
    rows = plain_records(run.tables["findings"])
    return {key_text(row, FINDING_KEY): row["severity"] or "" for row in rows}


def _finding_place(key: str) -> str:
    rule_id, file, sheet, cell, project_id = (key.split(KEY_SEPARATOR) + [""] * 5)[:5]
    place = f"{file}, {sheet}!{cell}" if sheet and cell else file or project_id or "programmet"
    return f"{rule_id} i {place}"


class _Places:
    """A table row in words: the table's Swedish title and its key, codes shown by their labels
    ("Kostnadsslag hela perioden, Personal" rather than "category_totals personnel")."""

    LABELS = {
        "category": "category_label",
        "source": "source_label",
        "indicator": "indicator_label",
        "meeting_type": "meeting_type_label",
        "county_code": "county_name",
    }

    def __init__(self, before: Run, after: Run) -> None:
        self._runs = (after, before)  # a row's current labels first; a removed row's from before
        self._rows: dict[str, list[dict[str, dict[str, Any]]]] = {}

    def __call__(self, table: str, key: str) -> str:
        if not key:
            return _table_title(table)
        if table not in self._rows:
            self._rows[table] = [
                keyed_rows(table, run.tables[table]) for run in self._runs if table in run.tables
            ]
        row = next((rows[key] for rows in self._rows[table] if key in rows), None)
        if row is None:
            return f"{_table_title(table)}, {key}"
        words = [
            str(row.get(self.LABELS.get(column, ""), None) or row[column])
            for column in catalog.dataset(table).key
        ]
        return ", ".join([_table_title(table), *words])


def _figures_section(figures: list[dict[str, Any]], where: _Places) -> list[str]:
    if not figures:
        return ["## Tal i rapporten", "", "Inga tal i rapporten har ändrats.", ""]
    head = f"Tal i rapporten som ändrats: {len(figures)}; belopp först, störst ändring först."
    return ["## Tal i rapporten", "", head, "", *_capped([_figure_line(row, where) for row in figures])]


def _figure_line(row: dict[str, Any], where: _Places) -> str:
    kind = catalog.COLUMN_KINDS[row["column"]]
    place = where(row["table"], row["key"])
    column = _column_title(row["column"])
    difference = row["difference"]
    moved = f" ({_signed(kind, difference)})" if difference is not None else ""
    return f"{place}, {column}: {_figure(kind, row['before'])} → {_figure(kind, row['after'])}{moved}"


def _figure(kind: str, text: str | None, empty: str = "tomt") -> str:
    if not text:
        return empty
    if kind == "amount":
        return format_kr(text)
    return format_pct(text) if kind == "pct" else format_number(text)


def _signed(kind: str, difference: Decimal) -> str:
    sign = "+" if difference > 0 else ""
    if kind == "pct":
        return f"{sign}{format_number(difference, 1)} procentenheter"
    return sign + (format_kr(difference) if kind == "amount" else format_number(difference))


def _rows_section(by_kind, where: _Places) -> list[str]:
    added, removed, values = by_kind.get(ROW_ADDED, []), by_kind.get(ROW_REMOVED, []), by_kind.get(VALUE, [])
    if not (added or removed or values):
        return []
    head = (
        f"Rader i sammanställningarna – tillagda: {len(added)}, borttagna: {len(removed)}; andra värden "
        f"(text, datum) som ändrats: {len(values)}."
    )
    items = []
    for word, rows in (("tillagda", added), ("borttagna", removed)):
        keys: dict[str, list[str]] = {}
        for row in rows:
            keys.setdefault(row["table"], []).append(row["key"] or "(raden)")
        items += [f"{_table_title(table)}, {word}: {_few(names)}" for table, names in keys.items()]
    items += [
        f"{where(row['table'], row['key'])}, {_column_title(row['column'])}: "
        f"{row['before'] or 'tomt'} → {row['after'] or 'tomt'}"
        for row in values
    ]
    return ["## Rader och andra värden", "", head, "", *_capped(items)]


def _few(names: list[str], limit: int = 5) -> str:
    return ", ".join(names[:limit]) + (f" och {len(names) - limit} till" if len(names) > limit else "")


def _column_title(name: str) -> str:
    return COLUMN_DOCS.get(name, {}).get("title", name)


def _table_title(name: str) -> str:
    return catalog.dataset(name).title


# --- The report's page -------------------------------------------------------------------------------

PAGE_FIGURES = 15  # figure rows on the page; changes.csv has them all


def report_page(outputs: OutputPaths, limit: int = PAGE_FIGURES) -> dict[str, Any] | None:
    """What the page "Ändringar sedan föregående version" shows, as Swedish text ready for the
    template; None when no comparison was made (no changes.csv in `outputs`).

    counts: change_kind → number of changes. inputs: [{change, file}]. projects: [{change,
    project_id, file}]. figures: the `limit` biggest moves, in changes.csv's order, as {place,
    column, before, after, difference}. more_figures: how many figures changes.csv has beyond
    those. Labels come from this run's tables (a row that is gone is named by its key).
    """
    if not catalog.dataset("changes").file(outputs).is_file():
        return None
    rows = plain_records(catalog.load("changes", outputs))
    current = read_run(outputs.root, previous=False)
    where = _Places(Run(Path(), {}, {}), current)
    by_kind = _by_kind(rows)
    figures = by_kind.get(FIGURE, [])
    return {
        "title": TITLE,
        "counts": dict(Counter(row["change_kind"] for row in rows)),
        "inputs": [
            {"change": _INPUT_WORDS[row["change_kind"]], "file": row["key"]}
            for row in rows
            if row["change_kind"] in _INPUT_WORDS
        ],
        "projects": [
            {k: v for k, v in entry.items() if k != "first_error"}
            for entry in _project_entries(by_kind, Run(Path(), {}, {}), current)
        ],
        "figures": [_figure_cells(row, where) for row in figures[:limit]],
        "more_figures": max(0, len(figures) - limit),
    }


def _figure_cells(row: dict[str, Any], where: _Places) -> dict[str, str]:
    kind = catalog.COLUMN_KINDS[row["column"]]
    difference = row["difference"]
    return {
        "place": where(row["table"], row["key"] or ""),
        "column": _column_title(row["column"]),
        "before": _figure(kind, row["before"], NO_VALUE),
        "after": _figure(kind, row["after"], NO_VALUE),
        "difference": _signed(kind, difference) if difference is not None else NO_VALUE,
    }
