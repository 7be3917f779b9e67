"""From labels to rows: facts and narratives ("label in A, value in B"), tables found by their
header labels, Summa rows, and every cell of a table row accounted for.

A table row with any content has every contract column read into a typed value or a finding
naming its cell: a blank cell is BLANK_CELL (never zero; see rules/reading.py), a formula without
a stored result is FORMULA_WITHOUT_RESULT (only that), text that does not parse is the parse
rule of its kind. A row with no content at all is skipped.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ... import contract as c
from ...contract import Field
from ...parsing import cell_address, is_empty, label_key, text_of
from ...rules.reading import (
    BLANK_CELL,
    DUPLICATE_FIELD,
    MISSING_FIELD,
    MISSING_HEADER,
    ROWS_AFTER_TOTALS,
    TOO_MANY_FINDINGS,
    UNKNOWN_LABEL,
    UNLABELLED_VALUE,
    blank_cell_details,
)
from .limits import FileFindings, Limits
from .workbook_file import Grid

_VOCABULARIES: dict[str, tuple[str, dict[str, str]]] = {
    # column name → (what it is, in Swedish; Swedish label → code)
    "category": ("kostnadsslag", c.COST_CATEGORIES),
    "source": ("finansiär", c.FINANCING_SOURCES),
    "indicator": ("indikator", c.INDICATORS),
    "meeting_type": ("mötestyp", c.MEETING_TYPES),
    "payment_kind": ("utbetalningstyp", c.PAYMENT_KINDS),
}
# Earlier labels still read as their code (not listed in messages: only the current labels are).
_ALIASES: dict[str, dict[str, str]] = {"category": c.COST_CATEGORY_ALIASES}
_VOCABULARY_KEYS = {
    name: {
        **{label_key(code): code for code in mapping.values()},
        **{label_key(label): code for label, code in _ALIASES.get(name, {}).items()},
        **{label_key(label): code for label, code in mapping.items()},
    }
    for name, (_, mapping) in _VOCABULARIES.items()
}
_TOTALS_KEY = label_key(c.TOTALS_LABEL)


# --- "Label in column A, value in column B" sheets. ---------------------------------------------------


def _read_labelled(grid: Grid, fields: tuple[Field, ...], findings: FileFindings) -> dict[str, int]:
    """{field name: row index} of the known labels in column A."""
    wanted = {label_key(f.label): f for f in fields}
    found: dict[str, int] = {}
    for row in range(grid.height):
        label = grid.value(row, 0)
        field = None if is_empty(label) else wanted.get(label_key(label))
        if field is None:
            # A value no label claims would be lost without a word (a title row has no value).
            if not is_empty(grid.value(row, 1)):
                findings.add(
                    UNLABELLED_VALUE,
                    sheet=grid.name,
                    cell=cell_address(row, 0),
                    value=text_of(label),
                    state="tom" if is_empty(label) else f'okänd ("{text_of(label)}")',
                    labels="; ".join(f'"{f.label}"' for f in fields),
                )
            continue
        if field.name in found:
            findings.add(
                DUPLICATE_FIELD,
                sheet=grid.name,
                cell=cell_address(row, 0),
                value=text_of(label),
                label=field.label,
                first=cell_address(found[field.name], 0),
            )
            continue
        found[field.name] = row
    for field in fields:
        if field.name not in found and field.required:
            findings.add(MISSING_FIELD, sheet=grid.name, value=field.label, label=field.label)
    return found


def read_facts(grid: Grid | None, findings: FileFindings) -> dict[str, Any]:
    """Projektuppgifter: {name: typed value or None, name_cell: A1 or ""} for every fact."""
    facts: dict[str, Any] = {}
    if grid is None:
        return facts
    for field in c.FACT_FIELDS:
        facts[f"{field.name}_cell"] = ""
    found = _read_labelled(grid, c.FACT_FIELDS, findings)
    for field in c.FACT_FIELDS:
        if field.name in found:
            row = found[field.name]
            facts[field.name] = grid.read(row, 1, field.kind, findings)
            facts[f"{field.name}_cell"] = cell_address(row, 1)
    return facts


def read_narrative(grid: Grid | None, findings: FileFindings) -> list[dict[str, Any]]:
    """Berättelse: one {field, cell, text} per label found, in sheet row order."""
    if grid is None:
        return []
    found = _read_labelled(grid, c.NARRATIVE_FIELDS, findings)
    rows = []
    for field in c.NARRATIVE_FIELDS:
        if field.name in found:
            row = found[field.name]
            text = grid.read(row, 1, "text", findings)
            rows.append({"field": field.name, "cell": cell_address(row, 1), "text": text or "", "_row": row})
    rows.sort(key=lambda r: r.pop("_row"))
    return rows


# --- Tables. -------------------------------------------------------------------------------------------


def _find_header(grid: Grid, columns: tuple[Field, ...], limits: Limits):
    """(header row, {column name: column index}, missing fields) for the best header candidate."""
    wanted = {label_key(f.label): f.name for f in columns}
    best: tuple[int, dict[str, int]] = (-1, {})
    for row in range(min(limits.header_rows, grid.height)):
        positions: dict[str, int] = {}
        for column, value in enumerate(grid.rows[row]):
            if value == "" or not isinstance(value, str):
                continue
            name = wanted.get(label_key(value))
            if name is not None and name not in positions:
                positions[name] = column
        if len(positions) > len(best[1]):
            best = (row, positions)
            if len(positions) == len(wanted):
                break
    missing = [f for f in columns if f.name not in best[1]]
    return best[0], best[1], missing


def _unclaimed_header_cells(grid: Grid, header: int, positions: dict[str, int], count: int) -> list[str]:
    """Where the missing headers most likely belong: the header row's cells, within the table's
    width, that hold no known label (blank, or text that is no header), left to right; the
    row's first cell for any left over ("" when no header row was found at all)."""
    if header < 0:
        return [""] * count
    claimed = set(positions.values())
    width = max(claimed, default=-1) + 1 + count
    cells = [cell_address(header, column) for column in range(width) if column not in claimed]
    return (cells + [cell_address(header, 0)] * count)[:count]


def read_table(
    grid: Grid | None,
    columns: tuple[Field, ...],
    findings: FileFindings,
    limits: Limits,
    project_column: str = "",
):
    """(records, totals rows, located header cells {name: A1}) of a tabular sheet.

    A record has every field's typed value (None when blank or unreadable, with a finding), its
    `<name>_cell` and `row`. `project_column` names the field whose value is the project of every
    finding of a row (the project_id of the register or the payments); a workbook's findings get
    their project later.
    """
    if grid is None:
        return [], [], {}
    header, positions, missing = _find_header(grid, columns, limits)
    # Every header found, in the contract's column order, even when others are missing.
    headers = {f.name: cell_address(header, positions[f.name]) for f in columns if f.name in positions}
    if missing:
        labels = " | ".join(f.label for f in columns)
        places = _unclaimed_header_cells(grid, header, positions, len(missing))
        for field, place in zip(missing, places, strict=True):
            findings.add(
                MISSING_HEADER,
                sheet=grid.name,
                cell=place,
                label=field.label,
                rows=limits.header_rows,
                labels=labels,
            )
        return [], [], headers
    summed = [f for f in columns if f.kind in ("amount", "int")]
    width = max(positions.values()) + 1
    # (field, column, reads a code) per field, worked out once.
    plan = [(f, positions[f.name], f.name in _VOCABULARY_KEYS) for f in columns]
    records: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    for row in range(header + 1, grid.height):
        cells = grid.rows[row]
        first = next((v for v in cells[:width] if not is_empty(v)), "")
        if first == "":
            continue  # a blank row
        if type(first) is str and label_key(first) == _TOTALS_KEY:
            totals = _totals(grid, row, positions, summed, records, findings)
            _warn_rows_below(grid, row, width - 1, findings)
            break
        record: dict[str, Any] = {"row": row + 1}
        first_finding = len(findings.items)
        blanks = []
        for field, column, is_code in plan:
            if is_code:
                value = _read_code(grid, row, column, field.name, findings)
            else:
                value = grid.read(row, column, field.kind, findings)
            # The column where the header was found: sheets need not follow the contract's order.
            address = cell_address(row, column)
            record[field.name] = value
            record[field.name + "_cell"] = address
            if value is None and address not in grid.no_result and is_empty(grid.value(row, column)):
                blanks.append((field, address))
        for field, address in blanks:
            findings.add(BLANK_CELL, sheet=grid.name, cell=address, **blank_cell_details(field))
        if project_column:
            # Every finding of the row, not only a blank cell's: a fel sets its project aside.
            for finding in findings.items[first_finding:]:
                if finding["rule_id"] != TOO_MANY_FINDINGS.rule_id:
                    finding["project_id"] = record.get(project_column) or ""
        records.append(record)
    return records, totals, headers


def _read_code(grid: Grid, row: int, column: int, name: str, findings: FileFindings) -> str | None:
    text = text_of(grid.read_raw(row, column, findings))
    if not text:
        return None
    code = _VOCABULARY_KEYS[name].get(label_key(text))
    if code is None:
        what, mapping = _VOCABULARIES[name]
        findings.add(
            UNKNOWN_LABEL,
            sheet=grid.name,
            cell=cell_address(row, column),
            value=text,
            what=what,
            valid="; ".join(f'"{label}"' for label in mapping),
        )
    return code


def _totals(grid: Grid, row: int, positions, summed, records, findings) -> list[dict[str, Any]]:
    totals = []
    for field in summed:
        column = positions[field.name]
        stated = grid.read(row, column, "amount", findings)
        rows_sum = sum((Decimal(r[field.name]) for r in records if r.get(field.name) is not None), Decimal(0))
        totals.append(
            {"column": field.name, "cell": cell_address(row, column), "stated": stated, "rows_sum": rows_sum}
        )
    return totals


def _warn_rows_below(grid: Grid, totals_row: int, last_column: int, findings: FileFindings) -> None:
    for row in range(totals_row + 1, grid.height):
        for column, value in enumerate(grid.rows[row][: last_column + 1]):
            if not is_empty(value):
                findings.add(
                    ROWS_AFTER_TOTALS, sheet=grid.name, cell=cell_address(row, column), value=text_of(value)
                )
                break
