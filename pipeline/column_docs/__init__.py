"""What every CSV column means, as data: one entry per column name, used for datapackage.json,
the headers of review.xlsx and docs/figures.md.

The entries are in reported.py (what the workbooks report, the files and the checks) and in the
aggregated tables' declaration file, pipeline/aggregated_tables/tables.toml (figures several
aggregated tables share, and each column only one table has, with that table); pipeline/schema.py
makes an entry of each kind. Here, where every entry is known, a table's column that none defines
is refused (schema.check_references).

A name means the same thing in every table where it appears (e.g. `total_cost` is always the
net cost in kronor after project income is deducted), so it is documented once: a table may not
declare a column the glossary already has, nor two tables the same one. `type` is a Frictionless
Table Schema type (string, integer, number, date, boolean); `unit` is given where a figure has one
("SEK", "procent", "byte"). Amounts are exact decimals in kronor (öre after the point where an
input had öre).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..aggregated_tables import AGGREGATED_DOCS, AGGREGATED_TABLES, DECLARATION_FILE
from ..contract import EXTRACTED_COLUMNS
from ..errors import DeclarationError
from ..schema import check_references, doc
from .reported import REPORTED_DOCS


def _declared_once(sources: Mapping[str, Mapping[str, Mapping[str, str]]]) -> dict[str, dict[str, str]]:
    """The entries of every source (where it is → its entries); a name declared in two places is a
    mistake in the declarations, told with both places."""
    merged: dict[str, dict[str, str]] = {}
    declared_in: dict[str, str] = {}
    for place, entries in sources.items():
        for name, entry in entries.items():
            if name in merged:
                raise DeclarationError(
                    f"column {name!r} is defined twice, in {declared_in[name]} and in {place}; a name "
                    "has one meaning: keep one definition"
                )
            merged[name] = dict(entry)
            declared_in[name] = place
    return merged


_BASE = _declared_once(
    {
        "pipeline/column_docs/reported.py": REPORTED_DOCS,
        f"{DECLARATION_FILE} [column]": AGGREGATED_DOCS,
        **{f"{DECLARATION_FILE} [table.{t.name}.column]": t.own_docs for t in AGGREGATED_TABLES.values()},
    }
)


def _cell_docs(names: list[str]) -> dict[str, dict[str, str]]:
    """`<name>_cell` for every value whose cell address the extracted layer records."""
    return {
        f"{name}_cell": doc(
            f"Cell: {_BASE[name]['title'].lower()}", f"Cellen (A1-notation) där värdet i {name} står."
        )
        for name in names
    }


_CELL_COLUMNS = sorted(
    {c[: -len("_cell")] for cols in EXTRACTED_COLUMNS.values() for c in cols if c.endswith("_cell")}
    | {"results", "lessons"}
)

COLUMN_DOCS: dict[str, dict[str, str]] = {**_BASE, **_cell_docs(_CELL_COLUMNS)}
check_references(AGGREGATED_TABLES.values(), COLUMN_DOCS, DECLARATION_FILE)


def field_descriptor(name: str) -> dict[str, Any]:
    """A Frictionless Table Schema field for a column (undocumented: string, titled by its name)."""
    entry = COLUMN_DOCS.get(name)
    if entry is None:
        return {"name": name, "type": "string", "title": name, "description": ""}
    return {"name": name, **entry}
